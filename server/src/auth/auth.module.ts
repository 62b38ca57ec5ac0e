// Resident accounts and sessions. Global: the rate limiter and sessions are
// used by the media and case routes as well.
import { Global, Module } from '@nestjs/common';
import { WechatAccessTokenModule } from '../integrations/wechat/access-token';
import { WechatAuthClient } from '../integrations/wechat/auth.client';
import { SmsModule } from '../integrations/sms/sms.module';
import { AccountsRepository } from './accounts.repository';
import { RateLimitRepository } from './rate-limit.repository';
import { RateLimiter } from './rate-limit';
import { ResidentAuthController } from './resident-auth.controller';
import { ResidentAuthService } from './resident-auth.service';
import { SessionsRepository } from './sessions.repository';
import { SessionsService } from './sessions.service';

@Global()
@Module({
  imports: [SmsModule, WechatAccessTokenModule],
  controllers: [ResidentAuthController],
  providers: [
    AccountsRepository,
    RateLimitRepository,
    RateLimiter,
    ResidentAuthService,
    SessionsRepository,
    SessionsService,
    WechatAuthClient,
  ],
  exports: [AccountsRepository, RateLimiter, SessionsService],
})
export class AuthModule {}
