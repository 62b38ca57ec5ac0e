// Demo and development SMS: the message goes to the server log instead of a phone. Keeps the
// last few messages in memory so tests in the same process can read a code.
import { Logger } from '@nestjs/common';
import { maskPhone } from '@hotline/core';
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

  async send(phone: string, templateKey: string, params: string[]): Promise<void> {
    this.outbox.push({ phone, templateKey, params, at: new Date().toISOString() });
    if (this.outbox.length > 50) this.outbox.shift();
    this.logger.log(`[demo sms] to ${maskPhone(phone)} template ${templateKey}: ${params.join(' | ')}`);
  }
}
