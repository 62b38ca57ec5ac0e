// WeChat sign-in for the mini-program: code2Session (sns/jscode2session) for the openid, and
// getuserphonenumber for the number behind the getPhoneNumber button.
import { Injectable } from '@nestjs/common';
import { WechatApiError, WechatClient, wechatFetchJson } from './access-token';

export interface WechatSession {
  openid: string;
  unionid: string | null;
}

const INVALID_ACCESS_TOKEN = new Set([40001, 42001, 40014]);

@Injectable()
export class WechatAuthClient extends WechatClient {
  async code2Session(code: string): Promise<WechatSession> {
    const { apiBase, appId, appSecret } = this.config.wechat;
    const query = new URLSearchParams({ appid: appId ?? '', secret: appSecret ?? '', js_code: code, grant_type: 'authorization_code' });
    const body = await wechatFetchJson<{ openid?: string; unionid?: string }>(`${apiBase}/sns/jscode2session?${query.toString()}`);
    if (!body.openid) throw new WechatApiError(-1, 'jscode2session answered without openid');
    return { openid: body.openid, unionid: body.unionid ?? null };
  }

  /** The verified phone number (without country code for +86) behind a getPhoneNumber code. */
  async phoneNumber(code: string): Promise<string> {
    for (let attempt = 0; ; attempt++) {
      const token = await this.accessToken.get();
      try {
        const body = await wechatFetchJson<{ phone_info?: { purePhoneNumber?: string; phoneNumber?: string; countryCode?: string } }>(
          `${this.config.wechat.apiBase}/wxa/business/getuserphonenumber?access_token=${encodeURIComponent(token)}`,
          { method: 'POST', body: { code } },
        );
        const info = body.phone_info;
        const phone = info?.countryCode === '86' || !info?.countryCode ? info?.purePhoneNumber : info.phoneNumber;
        if (!phone) throw new WechatApiError(-1, 'getuserphonenumber answered without a number');
        return phone;
      } catch (err) {
        if (attempt === 0 && err instanceof WechatApiError && INVALID_ACCESS_TOKEN.has(err.errcode)) {
          this.accessToken.invalidate(token);
          continue;
        }
        throw err;
      }
    }
  }
}
