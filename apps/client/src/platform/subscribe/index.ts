/* eslint-disable @typescript-eslint/no-require-imports -- TARO_ENV is replaced at build time, so each bundle requires (and holds) only its own platform's module. */
import type { ApiClient } from '@hotline/api-client';
import { SUBSCRIPTION_TEMPLATE_IDS } from '@/constants';

const weapp = process.env.TARO_ENV !== 'h5';
const impl: typeof import('./weapp') | typeof import('./h5') = weapp
  ? (require('./weapp') as typeof import('./weapp'))
  : (require('./h5') as typeof import('./h5'));

export const canSubscribe: boolean = impl.canSubscribe;
export const requestSubscriptions = impl.requestSubscriptions;

/** WeChat subscription messages on weapp (the build's templates unless others are given), Web Push in the browser. */
export function enableNotifications(
  api: ApiClient,
  templateIds: readonly string[] = SUBSCRIPTION_TEMPLATE_IDS,
): Promise<'on' | 'denied' | 'unsupported'> {
  return impl.enableNotifications(api, templateIds);
}
