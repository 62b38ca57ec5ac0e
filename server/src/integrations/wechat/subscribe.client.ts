// subscribeMessage.send: one subscription message to one mini-program user. Uses the shared
// access_token and asks for a new one once when WeChat calls it invalid or expired.
import { Injectable } from '@nestjs/common';
import { WechatApiError, WechatClient, wechatFetchJson } from './access-token';
import { fitField } from './subscribe-fields';

export interface SubscribeMessage {
  openid: string;
  templateId: string;
  /** The mini-program page the message opens, with its query. */
  page: string;
  /** keyword → raw value; shortened to WeChat's field rules here. */
  data: Record<string, string>;
}

export type MiniprogramState = 'developer' | 'trial' | 'formal';

const INVALID_ACCESS_TOKEN = new Set([40001, 42001]);

@Injectable()
export class WechatSubscribeClient extends WechatClient {
  /** Sends, or throws WechatApiError with WeChat's errcode (-1 for network trouble and timeouts). */
  async send(message: SubscribeMessage, timeoutMs = 8000): Promise<void> {
    const body = {
      touser: message.openid,
      template_id: message.templateId,
      page: message.page,
      data: Object.fromEntries(Object.entries(message.data).map(([key, value]) => [key, { value: fitField(key, value) }])),
      miniprogram_state: this.config.notifications.miniprogramState,
      lang: 'zh_CN',
    };
    for (let attempt = 0; ; attempt++) {
      const token = await this.accessToken.get();
      try {
        await wechatFetchJson(`${this.config.wechat.apiBase}/cgi-bin/message/subscribe/send?access_token=${encodeURIComponent(token)}`, {
          method: 'POST',
          body,
          timeoutMs,
        });
        return;
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
