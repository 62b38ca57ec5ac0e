// Provides the SMS port: Tencent Cloud when SMS_* credentials are configured, else the log adapter.
import { Global, Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { LogSmsGateway } from './log-sms.gateway';
import { SMS_GATEWAY, type SmsGateway } from './sms-gateway';
import { TencentSmsGateway } from './tencent-sms.gateway';

@Global()
@Module({
  providers: [
    {
      provide: SMS_GATEWAY,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig): SmsGateway => (config.sms ? new TencentSmsGateway(config.sms) : new LogSmsGateway()),
    },
  ],
  exports: [SMS_GATEWAY],
})
export class SmsModule {}
