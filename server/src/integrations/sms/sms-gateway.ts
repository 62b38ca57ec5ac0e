// The port every part of the server sends text messages through (sign-in codes, case
// notifications). Templates are named by a key; the adapter maps the key to its provider's id.
export interface SmsGateway {
  readonly kind: 'log' | 'tencent';
  /** Sends one templated message; throws SmsSendError when the provider refuses. */
  send(phone: string, templateKey: string, params: string[]): Promise<void>;
}

export const SMS_GATEWAY = Symbol('SMS_GATEWAY');

export class SmsSendError extends Error {
  constructor(
    /** The provider's own code, e.g. LimitExceeded.PhoneNumberDailyLimit. */
    readonly providerCode: string,
    message: string,
  ) {
    super(message);
    this.name = 'SmsSendError';
  }
}
