/* eslint-disable @typescript-eslint/no-require-imports -- TARO_ENV is replaced at build time, so each bundle requires (and holds) only its own platform's module. */
export type { LoginApi } from './weapp';

const impl: typeof import('./h5') | typeof import('./weapp') =
  process.env.TARO_ENV === 'h5'
    ? (require('./h5') as typeof import('./h5'))
    : (require('./weapp') as typeof import('./weapp'));

export const loginMethod: 'wechat' | 'sms' = impl.loginMethod;
export const platformSignIn = impl.platformSignIn;
export const bindPhone = impl.bindPhone;
export const canBindWechat: boolean = impl.canBindWechat;
export const wechatCode = impl.wechatCode;
