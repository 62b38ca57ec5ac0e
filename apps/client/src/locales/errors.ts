// The one place that turns a refusal into words a resident understands. Codes are the server's
// stable error codes (packages/core errors) plus the client's own network codes.
import { isApiError, NETWORK_ERROR } from '@hotline/api-client';

const messages: Record<string, string> = {
  NETWORK_ERROR: '网络不太好，请稍后重试；已填写的内容会保留，不会重复提交',
  INVALID_RESPONSE: '服务器返回的内容有误，请稍后重试',
  UNEXPECTED_RESPONSE: '服务器暂时无法处理，请稍后重试',
  UNAUTHENTICATED: '登录已过期，请重新登录',
  FORBIDDEN: '您没有权限进行此操作',
  VALIDATION_FAILED: '填写的内容有误，请检查后再提交',
  RATE_LIMITED: '操作过于频繁，请稍后再试',
  IDEMPOTENCY_KEY_REUSED: '这份诉求已提交过，请到“我的诉求”查看',
  IDEMPOTENCY_IN_FLIGHT: '上一次提交还在处理中，请稍候再试',
  IDEMPOTENCY_KEY_MISSING: '提交信息不完整，请重新提交',
  CASE_NOT_FOUND: '没有找到这条诉求',
  TRANSITION_NOT_ALLOWED: '当前状态下不能进行此操作',
  ROLE_NOT_ALLOWED: '您没有权限进行此操作',
  NOT_FOUND: '没有找到相关内容',
  CONFLICT: '内容已被更新，请刷新后重试',
  INTERNAL: '服务器出错了，请稍后重试',
  REFRESH_TOKEN_INVALID: '登录已过期，请重新登录',
  REFRESH_TOKEN_REUSED: '登录已在别处失效，请重新登录',
  URGE_NOT_DUE: '还未到办理时限，暂时不能催办',
  URGE_TOO_SOON: '今天已经催办过了，请明天再试',
  FOLLOW_TOO_FAR: '您不在这条诉求附近，不能关注',
  MEDIA_BUSY: '照片处理繁忙，请稍后重试',
  ALREADY_RATED: '您已经评价过了',
  REOPEN_WINDOW_PASSED: '办结已超过15天，不能申请重办',
  REOPEN_PENDING: '重办申请正在审核中',
  MEDIA_NOT_FOUND: '照片已失效，请删除后重新上传',
  MEDIA_TOO_LARGE: '照片太大，请换一张',
  MEDIA_TYPE_UNSUPPORTED: '只支持 JPG、PNG、WebP、HEIC 格式的照片',
  MEDIA_QUOTA_EXCEEDED: '今天上传的照片太多了，请明天再试',
  SMS_CODE_INVALID: '验证码不正确或已过期',
  SMS_CODE_LOCKED: '验证码错误次数过多，请重新获取',
  SMS_SEND_FAILED: '短信发送失败，请稍后再试',
  WECHAT_NOT_CONFIGURED: '微信登录暂未开通，请使用手机号登录',
  WECHAT_CODE_INVALID: '微信登录失败，请重试',
  WECHAT_RATE_LIMITED: '微信登录过于频繁，请稍后再试',
  WECHAT_RISKY_USER: '微信提示账号存在风险，请使用手机号登录',
  WECHAT_BUSY: '微信服务繁忙，请稍后再试',
  WECHAT_ALREADY_BOUND: '这个微信已绑定其他账号',
  WECHAT_STAFF_ACCOUNT: '这个微信已绑定工作人员账号，请在工作台用工作手机号登录',
};

export function errorMessage(error: unknown): string {
  if (!isApiError(error)) return messages[NETWORK_ERROR]!;
  // The server words each invalid field in Chinese already: say which one.
  if (error.code === 'VALIDATION_FAILED' && Array.isArray(error.details)) {
    const first = (error.details as { message?: unknown }[])[0]?.message;
    if (typeof first === 'string' && first) return first;
  }
  return messages[error.code] ?? `操作失败（${error.code}），请稍后重试`;
}

export function hasMessage(code: string): boolean {
  return code in messages;
}
