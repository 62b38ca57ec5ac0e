// Mini-program notifications: wx.requestSubscribeMessage, which WeChat allows only inside a tap.
import Taro from '@tarojs/taro';
import type { WechatSubscriptionsRequest } from '@hotline/core';

type Choice = WechatSubscriptionsRequest['choices'][number]['choice'];
const CHOICES: readonly string[] = ['accept', 'reject', 'ban', 'filter'];

export interface SubscribeApi {
  saveWechatSubscriptions(body: WechatSubscriptionsRequest): Promise<unknown>;
}

export const canSubscribe: boolean = true;

/** Asks for up to 3 templates and tells the server what the resident chose; answers the accepted count. */
export async function requestSubscriptions(api: SubscribeApi, templateIds: readonly string[]): Promise<number> {
  const tmplIds = templateIds.slice(0, 3);
  if (tmplIds.length === 0) return 0;
  const result = (await Taro.requestSubscribeMessage({
    tmplIds,
  } as Taro.requestSubscribeMessage.Option)) as unknown as Record<string, string>;
  const choices = tmplIds
    .filter((id) => CHOICES.includes(result[id] ?? ''))
    .map((templateId) => ({ templateId, choice: result[templateId] as Choice, kind: 'long_term' as const }));
  if (choices.length) await api.saveWechatSubscriptions({ choices });
  return choices.filter((c) => c.choice === 'accept').length;
}

export async function enableNotifications(
  api: SubscribeApi,
  templateIds: readonly string[],
): Promise<'on' | 'denied' | 'unsupported'> {
  return (await requestSubscriptions(api, templateIds)) > 0 ? 'on' : 'denied';
}
