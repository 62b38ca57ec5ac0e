// Where a tap on a notification leads. The mini-program and the H5 app (browser router) share
// page paths, so one function serves a WeChat subscription message's `page`, a Web Push URL and
// an inbox deep link. Residents open their own case page, staff the workspace's case page.
export type LinkAudience = 'resident' | 'staff';

/** Page paths of the client, as declared in app.config.ts (main package and subpackages). */
export const casePages: Record<LinkAudience, string> = {
  resident: 'resident/case/index',
  staff: 'staff/pages/case/index',
};

/** An absolute in-app path with the case id: `/resident/case/index?id=…`. */
export function caseLinkFor(audience: LinkAudience, caseId: string): string {
  return `/${casePages[audience]}?id=${encodeURIComponent(caseId)}`;
}

/** The WeChat `page` field of a subscription message: the same path without the leading slash. */
export function wechatPageFor(audience: LinkAudience, caseId: string): string {
  return caseLinkFor(audience, caseId).slice(1);
}
