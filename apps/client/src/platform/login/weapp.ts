// Mini-program sign-in: the wx.login code is exchanged by the server (jscode2session); the phone
// number comes later from the getPhoneNumber button's code.
import Taro from '@tarojs/taro';
import type { SessionResponse } from '@hotline/core';

export interface LoginApi {
  wechatLogin(code: string): Promise<SessionResponse>;
  wechatPhone(code: string): Promise<SessionResponse>;
}

export const loginMethod = 'wechat' as const;
/** Staff bind the WeChat of this mini-program so subscription messages can reach them. */
export const canBindWechat: boolean = true;

/** A fresh wx.login code, for the server to exchange for the openid. */
export async function wechatCode(): Promise<string> {
  const { code } = await Taro.login();
  if (!code) throw new Error('wx.login gave no code');
  return code;
}

export async function platformSignIn(api: LoginApi): Promise<SessionResponse> {
  const { code } = await Taro.login();
  if (!code) throw new Error('wx.login gave no code');
  return api.wechatLogin(code);
}

/** The getPhoneNumber button's event; null when the resident declined. */
export async function bindPhone(
  api: LoginApi,
  detail: { code?: string; errMsg?: string },
): Promise<SessionResponse | null> {
  if (!detail.code) return null;
  return api.wechatPhone(detail.code);
}
