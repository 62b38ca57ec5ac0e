// Wire shapes of the resident's side: sign-in by SMS code or WeChat, sessions with rotating
// refresh tokens, and the account as its owner sees it.
import { z } from 'zod';
import { tokenResponseSchema } from './auth';

/** A mainland mobile number; spaces, dashes and a +86 prefix are accepted and dropped. */
export const mobilePhoneSchema = z
  .string()
  .trim()
  .max(20)
  .transform((v) => v.replace(/[\s-]/g, '').replace(/^\+?86(?=1\d{10}$)/, ''))
  .pipe(z.string().regex(/^1[3-9]\d{9}$/, '请输入11位手机号码'));

export const smsCodeRequestSchema = z.strictObject({ phone: mobilePhoneSchema });
export type SmsCodeRequest = z.infer<typeof smsCodeRequestSchema>;

export const smsCodeResponseSchema = z.object({
  /** The number the code went to, masked (138****1234). */
  sentTo: z.string(),
  expiresIn: z.number().int().positive(),
  /** Seconds before another code may be asked for this number. */
  resendAfter: z.number().int().positive(),
});
export type SmsCodeResponse = z.infer<typeof smsCodeResponseSchema>;

export const smsLoginRequestSchema = z.strictObject({
  phone: mobilePhoneSchema,
  code: z.string().regex(/^\d{6}$/, '验证码为6位数字'),
});
export type SmsLoginRequest = z.infer<typeof smsLoginRequestSchema>;

export const wechatLoginRequestSchema = z.strictObject({
  /** The code from wx.login (valid 5 minutes, once). */
  code: z.string().trim().min(1).max(128),
});
export type WechatLoginRequest = z.infer<typeof wechatLoginRequestSchema>;

export const wechatPhoneRequestSchema = z.strictObject({
  /** The code from the getPhoneNumber button's event (e.detail.code). */
  code: z.string().trim().min(1).max(128),
});
export type WechatPhoneRequest = z.infer<typeof wechatPhoneRequestSchema>;

export const refreshRequestSchema = z.strictObject({ refreshToken: z.string().min(10).max(200) });
export type RefreshRequest = z.infer<typeof refreshRequestSchema>;

export const sessionResponseSchema = tokenResponseSchema.extend({
  /** Single use: each refresh answers a new one; presenting an old one ends the session everywhere. */
  refreshToken: z.string(),
  refreshExpiresIn: z.number().int().positive(),
});
export type SessionResponse = z.infer<typeof sessionResponseSchema>;

export const meResponseSchema = z.object({
  id: z.string(),
  role: z.string(),
  name: z.string(),
  /** Shown in full to its owner only. */
  phone: z.string().nullable(),
  phoneMasked: z.string().nullable(),
  wechatLinked: z.boolean(),
  unitId: z.string().nullable(),
  unitName: z.string().nullable(),
});
export type MeResponse = z.infer<typeof meResponseSchema>;
