// Resident sign-in and sessions: SMS code (H5), WeChat (mini-program), refresh, logout, me.
import { Body, Controller, Delete, Get, Post, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import {
  meResponseSchema,
  refreshRequestSchema,
  sessionResponseSchema,
  smsCodeRequestSchema,
  smsCodeResponseSchema,
  smsLoginRequestSchema,
  wechatLoginRequestSchema,
  wechatPhoneRequestSchema,
  type MeResponse,
  type RefreshRequest,
  type SessionResponse,
  type SmsCodeRequest,
  type SmsCodeResponse,
  type SmsLoginRequest,
  type WechatLoginRequest,
  type WechatPhoneRequest,
} from '@hotline/core';
import { Endpoint } from '../common/endpoint';
import { CurrentPrincipal } from './auth.guard';
import { ResidentAuthService } from './resident-auth.service';
import { SessionsService } from './sessions.service';
import type { Principal } from './tokens';

@Controller()
export class ResidentAuthController {
  constructor(
    private readonly auth: ResidentAuthService,
    private readonly sessions: SessionsService,
  ) {}

  @Post('auth/sms-code')
  @Endpoint({
    summary: '获取短信验证码（6位，5分钟内有效）',
    description: '同一号码每分钟1次、每天10次，同一IP每小时30次；超限返回 429 与 Retry-After。',
    tags: ['auth'],
    body: smsCodeRequestSchema,
    response: smsCodeResponseSchema,
    errors: ['VALIDATION_FAILED', 'RATE_LIMITED', 'SMS_SEND_FAILED'],
  })
  smsCode(@Body() body: SmsCodeRequest, @Req() req: FastifyRequest): Promise<SmsCodeResponse> {
    return this.auth.sendSmsCode(body.phone, req.ip);
  }

  @Post('auth/sms-login')
  @Endpoint({
    summary: '手机号 + 短信验证码登录',
    description: '验证码一次有效，错误5次后作废。',
    tags: ['auth'],
    body: smsLoginRequestSchema,
    response: sessionResponseSchema,
    errors: ['VALIDATION_FAILED', 'SMS_CODE_INVALID', 'SMS_CODE_LOCKED', 'RATE_LIMITED'],
  })
  smsLogin(@Body() body: SmsLoginRequest, @Req() req: FastifyRequest): Promise<SessionResponse> {
    return this.auth.smsLogin(body.phone, body.code, req.ip);
  }

  @Post('auth/staff/sms-login')
  @Endpoint({
    summary: '工作人员手机号 + 短信验证码登录',
    description: '只登录管理员登记过该手机号的在岗工作人员账号，不会新建账号；未登记的号码按验证码错误处理。',
    tags: ['auth'],
    body: smsLoginRequestSchema,
    response: sessionResponseSchema,
    errors: ['VALIDATION_FAILED', 'SMS_CODE_INVALID', 'SMS_CODE_LOCKED', 'RATE_LIMITED'],
  })
  staffSmsLogin(@Body() body: SmsLoginRequest, @Req() req: FastifyRequest): Promise<SessionResponse> {
    return this.auth.staffSmsLogin(body.phone, body.code, req.ip);
  }

  @Post('auth/wechat')
  @Endpoint({
    summary: '微信小程序登录（wx.login 的 code）',
    tags: ['auth'],
    body: wechatLoginRequestSchema,
    response: sessionResponseSchema,
    errors: [
      'VALIDATION_FAILED',
      'WECHAT_NOT_CONFIGURED',
      'WECHAT_CODE_INVALID',
      'WECHAT_RATE_LIMITED',
      'WECHAT_RISKY_USER',
      'WECHAT_BUSY',
      'WECHAT_STAFF_ACCOUNT',
      'RATE_LIMITED',
    ],
  })
  wechat(@Body() body: WechatLoginRequest, @Req() req: FastifyRequest): Promise<SessionResponse> {
    return this.auth.wechatLogin(body.code, req.ip);
  }

  @Post('auth/wechat/phone')
  @Endpoint({
    summary: '绑定微信手机号（getPhoneNumber 的 code）',
    description: '若该号码已有账号（例如曾用短信登录），两者合并为一个账号，返回该账号的新会话。',
    tags: ['auth'],
    access: ['resident'],
    body: wechatPhoneRequestSchema,
    response: sessionResponseSchema,
    errors: ['VALIDATION_FAILED', 'WECHAT_NOT_CONFIGURED', 'WECHAT_CODE_INVALID', 'WECHAT_BUSY'],
  })
  wechatPhone(@CurrentPrincipal() principal: Principal, @Body() body: WechatPhoneRequest): Promise<SessionResponse> {
    return this.auth.wechatPhone(principal, body.code);
  }

  @Post('auth/refresh')
  @Endpoint({
    summary: '刷新登录（刷新令牌一次有效，重复使用将使该登录全部失效）',
    tags: ['auth'],
    body: refreshRequestSchema,
    response: sessionResponseSchema,
    errors: ['VALIDATION_FAILED', 'REFRESH_TOKEN_INVALID', 'REFRESH_TOKEN_REUSED'],
  })
  refresh(@Body() body: RefreshRequest): Promise<SessionResponse> {
    return this.sessions.refresh(body.refreshToken);
  }

  @Post('auth/logout')
  @Endpoint({
    summary: '退出登录（作废刷新令牌）',
    tags: ['auth'],
    body: refreshRequestSchema,
    status: 204,
    errors: ['VALIDATION_FAILED'],
  })
  async logout(@Body() body: RefreshRequest): Promise<void> {
    await this.sessions.end(body.refreshToken);
  }

  @Post('me/wechat')
  @Endpoint({
    summary: '工作人员绑定微信（wx.login 的 code），以便接收微信订阅消息',
    description: '一个微信只能绑定一个账号；已用于群众账号或其他工作人员的微信不能绑定。绑定后微信登录不会进入工作台。',
    tags: ['auth'],
    access: ['operator', 'dispatcher', 'supervisor', 'handler', 'unit_manager', 'analyst', 'admin'],
    body: wechatLoginRequestSchema,
    response: meResponseSchema,
    errors: ['VALIDATION_FAILED', 'WECHAT_NOT_CONFIGURED', 'WECHAT_CODE_INVALID', 'WECHAT_ALREADY_BOUND', 'WECHAT_BUSY'],
  })
  bindWechat(@CurrentPrincipal() principal: Principal, @Body() body: WechatLoginRequest): Promise<MeResponse> {
    return this.auth.bindStaffWechat(principal, body.code);
  }

  @Delete('me/wechat')
  @Endpoint({
    summary: '工作人员解除微信绑定',
    tags: ['auth'],
    access: ['operator', 'dispatcher', 'supervisor', 'handler', 'unit_manager', 'analyst', 'admin'],
    response: meResponseSchema,
  })
  unbindWechat(@CurrentPrincipal() principal: Principal): Promise<MeResponse> {
    return this.auth.unbindStaffWechat(principal);
  }

  @Get('me')
  @Endpoint({
    summary: '当前账号',
    tags: ['auth'],
    access: 'authenticated',
    response: meResponseSchema,
    errors: ['UNAUTHENTICATED'],
  })
  me(@CurrentPrincipal() principal: Principal): Promise<MeResponse> {
    return this.auth.me(principal);
  }
}
