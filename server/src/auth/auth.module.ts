// Resident accounts and sessions. Global: the rate limiter, the derived keys and sessions are
// used by the media and case routes as well.
import { Global, Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { loadSecrets } from '../config/secrets';
import { WechatAccessTokenModule } from '../integrations/wechat/access-token';
import { WechatAuthClient } from '../integrations/wechat/auth.client';
import { SmsModule } from '../integrations/sms/sms.module';
import { AccountsRepository } from './accounts.repository';
import { AppKeys } from './app-keys';
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
    // The same secrets bootstrap loaded (environment, else <dataDir>/secrets.json).
    {
      provide: AppKeys,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => new AppKeys(loadSecrets(config.dataDir)),
    },
    AccountsRepository,
    RateLimiter,
    ResidentAuthService,
    SessionsRepository,
    SessionsService,
    WechatAuthClient,
  ],
  exports: [AppKeys, AccountsRepository, RateLimiter, SessionsService],
})
export class AuthModule {}
