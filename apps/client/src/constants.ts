// Installation facts that will come from the server's configuration later.
export const COUNTY_NAME = '云泽县';
// The privacy notice version residents agree to when filing; the server stores it with the case.
export const PRIVACY_CONSENT_VERSION = '2026-01';
// WeChat subscription message templates (long-term, government services), fixed at build time:
// TARO_APP_WECHAT_TEMPLATES="id1,id2,id3". WeChat takes at most 3 per request.
export const SUBSCRIPTION_TEMPLATE_IDS: readonly string[] = (process.env.TARO_APP_WECHAT_TEMPLATES ?? '')
  .split(',')
  .map((id) => id.trim())
  .filter(Boolean)
  .slice(0, 3);
