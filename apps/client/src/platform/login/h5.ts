// Browser sign-in is the SMS form on the login page; there is no silent platform sign-in.
import type { SessionResponse } from '@hotline/core';
import type { LoginApi } from './weapp';

export const loginMethod = 'sms' as const;
export const canBindWechat: boolean = false;

export function wechatCode(): Promise<string> {
  return Promise.reject(new Error('no WeChat identity in the browser'));
}

export function platformSignIn(_api: LoginApi): Promise<SessionResponse> {
  return Promise.reject(new Error('no platform sign-in in the browser'));
}

export function bindPhone(_api: LoginApi, _detail: { code?: string }): Promise<SessionResponse | null> {
  return Promise.resolve(null);
}
