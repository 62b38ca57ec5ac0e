// Residents sign in with a phone number and an SMS code (H5) or with WeChat (mini-program).
// One person is one account: a WeChat sign-in that proves a phone number already known joins it.
import { randomInt, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DomainError, maskPhone, type MeResponse, type SessionResponse, type SmsCodeResponse, ErrorCode } from '@hotline/core';
import { WechatAuthClient } from '../integrations/wechat/auth.client';
import { WechatApiError } from '../integrations/wechat/access-token';
import { SMS_GATEWAY, SmsSendError, type SmsGateway } from '../integrations/sms/sms-gateway';
import { PhoneVault } from '../privacy/phone-vault';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { AccountsRepository } from './accounts.repository';
import { AppKeys } from './app-keys';
import { RateLimitedError, RateLimiter } from './rate-limit';
import { SessionsRepository } from './sessions.repository';
import { SessionsService } from './sessions.service';
import type { Principal } from './tokens';
import { DirectoryRepository } from '../directory/directory.repository';

export const SMS_CODE_TTL_SECONDS = 300;
export const SMS_CODE_MAX_ATTEMPTS = 5;
export const SMS_LOGIN_TEMPLATE = 'login_code';

const RESIDENT_DEFAULT_NAME = '群众';

@Injectable()
export class ResidentAuthService {
  private readonly logger = new Logger('ResidentAuth');

  constructor(
    private readonly accounts: AccountsRepository,
    private readonly directory: DirectoryRepository,
    private readonly sessionsRepo: SessionsRepository,
    private readonly sessions: SessionsService,
    private readonly vault: PhoneVault,
    private readonly keys: AppKeys,
    private readonly limiter: RateLimiter,
    private readonly wechat: WechatAuthClient,
    @Inject(SMS_GATEWAY) private readonly sms: SmsGateway,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async sendSmsCode(phone: string, ip: string): Promise<SmsCodeResponse> {
    const phoneHash = this.vault.hash(phone);
    await this.limiter.hit([
      // Every number sent to costs money and can be abused to flood strangers: one cap for all.
      {
        bucket: 'sms:global:hour',
        limit: this.config.smsHourlyCap,
        windowSeconds: 3600,
        message: '验证码发送繁忙，请稍后再试',
      },
      { bucket: `sms:ip:${ip}`, limit: 30, windowSeconds: 3600, message: '该网络发送验证码过于频繁，请稍后再试' },
      { bucket: `sms:phone:minute:${phoneHash}`, limit: 1, windowSeconds: 60, message: '验证码已发送，请1分钟后再试' },
      {
        bucket: `sms:phone:day:${phoneHash}`,
        limit: 10,
        windowSeconds: 86_400,
        message: '该号码今日获取验证码次数已达上限',
      },
    ]);
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const now = new Date();
    const id = crypto.randomUUID();
    await this.sessionsRepo.replaceSmsCode({
      id,
      phone_hash: phoneHash,
      code_hash: this.keys.smsCodeHash(phoneHash, code),
      expires_at: new Date(now.getTime() + SMS_CODE_TTL_SECONDS * 1000).toISOString(),
      attempts: 0,
      consumed_at: null,
      created_at: now.toISOString(),
    });
    try {
      await this.sms.send(phone, SMS_LOGIN_TEMPLATE, [code, String(SMS_CODE_TTL_SECONDS / 60)]);
    } catch (err) {
      await this.sessionsRepo.deleteSmsCode(id);
      throw this.smsError(err);
    }
    return { sentTo: maskPhone(phone), expiresIn: SMS_CODE_TTL_SECONDS, resendAfter: 60 };
  }

  async smsLogin(phone: string, code: string, ip: string): Promise<SessionResponse> {
    const phoneHash = await this.consumeSmsCode(phone, code, ip);
    const user =
      (await this.accounts.findResidentByPhoneHash(phoneHash)) ??
      (await this.accounts.createResident({
        name: RESIDENT_DEFAULT_NAME,
        phoneEnc: this.vault.encrypt(phone),
        phoneHash,
      }));
    if (user.disabled) throw new DomainError('UNAUTHENTICATED', '该账号已停用');
    return this.sessions.start(user);
  }

  /**
   * A staff member signed in by SMS binds the WeChat of the mini-program they use, so that
   * subscription messages reach them. An identity already held by a resident account (or by
   * another staff member) is refused: one openid, one account.
   */
  async bindStaffWechat(principal: Principal, code: string): Promise<MeResponse> {
    if (!this.wechat.configured) throw new DomainError('WECHAT_NOT_CONFIGURED');
    const session = await this.wechat.code2Session(code).catch((err: unknown) => {
      throw this.wechatError(err);
    });
    if (!(await this.accounts.setOpenid(principal.userId, session.openid)))
      throw new DomainError('WECHAT_ALREADY_BOUND', undefined, [
        { field: 'code', code: 'wechat_already_bound', message: '这个微信已绑定其他账号' },
      ]);
    return this.me(principal);
  }

  async unbindStaffWechat(principal: Principal): Promise<MeResponse> {
    await this.accounts.setOpenid(principal.userId, null);
    return this.me(principal);
  }

  /**
   * Staff sign in with the work phone an admin registered for them. A number without an active
   * staff account is refused like a wrong code, so the route tells nobody who works where.
   */
  async staffSmsLogin(phone: string, code: string, ip: string): Promise<SessionResponse> {
    const phoneHash = await this.consumeSmsCode(phone, code, ip);
    const user = await this.accounts.findStaffByPhoneHash(phoneHash);
    if (!user)
      throw new DomainError('SMS_CODE_INVALID', undefined, [
        { field: 'code', code: 'invalid', message: '验证码错误或已失效' },
      ]);
    return this.sessions.start(user);
  }

  /**
   * Checks a sign-in code (single use, at most 5 tries even under concurrent guesses: a try is
   * claimed in the database before the code is compared) and returns the phone's look-up hash.
   */
  private async consumeSmsCode(phone: string, code: string, ip: string): Promise<string> {
    const phoneHash = this.vault.hash(phone);
    await this.limiter.hit([
      { bucket: `login:ip:${ip}`, limit: 60, windowSeconds: 3600, message: '该网络登录尝试过于频繁，请稍后再试' },
      { bucket: `login:phone:${phoneHash}`, limit: 20, windowSeconds: 3600, message: '该号码登录尝试过于频繁，请1小时后再试' },
    ]);
    const now = new Date().toISOString();
    const row = await this.sessionsRepo.latestOpenSmsCode(phoneHash);
    const invalid = (details?: unknown) =>
      new DomainError(
        'SMS_CODE_INVALID',
        undefined,
        details ?? [{ field: 'code', code: 'invalid', message: '验证码错误或已失效' }],
      );
    if (!row || row.expires_at <= now) throw invalid();
    const attempts = await this.sessionsRepo.claimSmsAttempt(row.id, SMS_CODE_MAX_ATTEMPTS);
    if (attempts === null)
      throw new DomainError('SMS_CODE_LOCKED', undefined, [
        { field: 'code', code: 'locked', message: '错误次数过多，请重新获取验证码' },
      ]);
    const expected = Buffer.from(row.code_hash);
    const given = Buffer.from(this.keys.smsCodeHash(phoneHash, code));
    if (!timingSafeEqual(expected, given)) {
      if (attempts >= SMS_CODE_MAX_ATTEMPTS) await this.sessionsRepo.lockSmsCode(row.id, now);
      if (attempts >= SMS_CODE_MAX_ATTEMPTS)
        throw new DomainError('SMS_CODE_LOCKED', undefined, [
          { field: 'code', code: 'locked', message: '错误次数过多，请重新获取验证码' },
        ]);
      throw invalid([
        {
          field: 'code',
          code: 'invalid',
          message: `验证码错误，还可尝试${SMS_CODE_MAX_ATTEMPTS - attempts}次`,
          remainingAttempts: SMS_CODE_MAX_ATTEMPTS - attempts,
        },
      ]);
    }
    if (!(await this.sessionsRepo.consumeSmsCode(row.id, now))) throw invalid();
    return phoneHash;
  }

  async wechatLogin(code: string, ip: string): Promise<SessionResponse> {
    if (!this.wechat.configured) throw new DomainError('WECHAT_NOT_CONFIGURED');
    await this.limiter.hit([
      { bucket: `wechat:ip:${ip}`, limit: 60, windowSeconds: 3600, message: '微信登录过于频繁，请稍后再试' },
    ]);
    const session = await this.wechat.code2Session(code).catch((err: unknown) => {
      throw this.wechatError(err);
    });
    let user = await this.accounts.findByOpenid(session.openid);
    if (user && session.unionid && user.wechat_unionid !== session.unionid)
      await this.accounts.setUnionid(user.id, session.unionid);
    user ??= await this.accounts.createResident({
      name: RESIDENT_DEFAULT_NAME,
      openid: session.openid,
      unionid: session.unionid,
    });
    if (user.disabled) throw new DomainError('UNAUTHENTICATED', '该账号已停用');
    // A handler's bound WeChat reaches them with messages; it is never a way into the workspace.
    if (user.role !== 'resident') throw new DomainError('WECHAT_STAFF_ACCOUNT');
    return this.sessions.start(user);
  }

  /** Binds the WeChat-verified phone number; answers a new session, for the merged account if the number was known. */
  async wechatPhone(principal: Principal, code: string): Promise<SessionResponse> {
    if (!this.wechat.configured) throw new DomainError('WECHAT_NOT_CONFIGURED');
    const me = await this.accounts.findById(principal.userId);
    if (!me || me.role !== 'resident') throw new DomainError('FORBIDDEN');
    const phone = await this.wechat.phoneNumber(code).catch((err: unknown) => {
      throw this.wechatError(err);
    });
    const phoneHash = this.vault.hash(phone);
    const holder = await this.accounts.findResidentByPhoneHash(phoneHash);
    if (holder && holder.id !== me.id) {
      await this.accounts.mergeInto(me.id, holder.id, { openid: me.wechat_openid, unionid: me.wechat_unionid });
      return this.sessions.start((await this.accounts.findById(holder.id))!);
    }
    await this.accounts.setPhone(me.id, this.vault.encrypt(phone), phoneHash);
    return this.sessions.start((await this.accounts.findById(me.id))!);
  }

  async me(principal: Principal): Promise<MeResponse> {
    const user = await this.accounts.findById(principal.userId);
    if (!user || user.disabled) throw new DomainError('UNAUTHENTICATED');
    const phone = user.phone_enc ? this.vault.decrypt(user.phone_enc) : null;
    return {
      id: user.id,
      role: user.role,
      name: user.name,
      phone,
      phoneMasked: phone ? maskPhone(phone) : null,
      wechatLinked: Boolean(user.wechat_openid),
      unitId: user.unit_id,
      unitName: await this.directory.unitName(user.unit_id),
    };
  }

  private smsError(err: unknown): Error {
    if (!(err instanceof SmsSendError)) return err as Error;
    this.logger.warn(`SMS gateway refused: ${err.providerCode} ${err.message}`);
    const limits: Record<string, number> = {
      'LimitExceeded.PhoneNumberDailyLimit': 86_400,
      'LimitExceeded.PhoneNumberOneHourLimit': 3600,
      'LimitExceeded.PhoneNumberThirtySecondLimit': 30,
      'LimitExceeded.PhoneNumberSameContentDailyLimit': 86_400,
    };
    const wait = limits[err.providerCode];
    if (wait) return new RateLimitedError(wait, '该号码获取验证码次数过多，请稍后再试');
    if (err.providerCode.startsWith('InvalidParameterValue.IncorrectPhoneNumber')) {
      return new DomainError(ErrorCode.VALIDATION_FAILED, '手机号码无效', [
        { field: 'phone', code: 'invalid_phone', message: '手机号码无效' },
      ]);
    }
    return new DomainError('SMS_SEND_FAILED', undefined, { provider: err.providerCode });
  }

  private wechatError(err: unknown): Error {
    if (!(err instanceof WechatApiError)) return err as Error;
    this.logger.warn(`WeChat refused: ${err.errcode} ${err.errmsg}`);
    switch (err.errcode) {
      case 40029:
      case 40163:
        return new DomainError('WECHAT_CODE_INVALID', undefined, [
          { field: 'code', code: 'wechat_code_invalid', message: '登录凭证无效或已使用' },
        ]);
      case 45011:
        return Object.assign(new DomainError('WECHAT_RATE_LIMITED'), { retryAfterSeconds: 60 });
      case 40226:
        return new DomainError('WECHAT_RISKY_USER');
      default:
        return new DomainError('WECHAT_BUSY', undefined, { errcode: err.errcode });
    }
  }
}
