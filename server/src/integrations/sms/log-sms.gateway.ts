// Demo and development SMS: the message goes to the server log instead of a phone. Keeps the
// last few messages in memory so tests in the same process can read a code. It refuses to exist
// under NODE_ENV=production, whatever the configuration says: sign-in codes must never reach a log.
import { Logger } from '@nestjs/common';
import { maskPhone } from '@hotline/core';
import { ConfigError } from '../../config/config-error';
import type { SmsGateway } from './sms-gateway';

export interface LoggedSms {
  phone: string;
  templateKey: string;
  params: string[];
  at: string;
}

export class LogSmsGateway implements SmsGateway {
  readonly kind = 'log' as const;
  readonly outbox: LoggedSms[] = [];
  private readonly logger = new Logger('Sms');

  constructor(nodeEnv = process.env.NODE_ENV) {
    if (nodeEnv === 'production') {
      throw new ConfigError(['HOTLINE_SMS_LOG: the log SMS adapter is refused under NODE_ENV=production; configure SMS_* instead']);
    }
  }

  async send(phone: string, templateKey: string, params: string[]): Promise<void> {
    this.outbox.push({ phone, templateKey, params, at: new Date().toISOString() });
    if (this.outbox.length > 50) this.outbox.shift();
    this.logger.log(`[demo sms] to ${maskPhone(phone)} template ${templateKey}: ${params.join(' | ')}`);
  }
}
