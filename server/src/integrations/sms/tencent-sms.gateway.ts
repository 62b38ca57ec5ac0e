// Tencent Cloud SMS (API 3.0, action SendSms, version 2021-01-11) with TC3-HMAC-SHA256 signing.
// https://cloud.tencent.com/document/api/382/55981 and .../api/382/52072 (signature v3).
import { tc3Authorization, TC3_CONTENT_TYPE as CONTENT_TYPE } from '../tencent-cloud/tc3-signature';
import { SmsSendError, type SmsGateway } from './sms-gateway';

export interface TencentSmsConfig {
  endpoint: string;
  region: string;
  secretId: string;
  secretKey: string;
  sdkAppId: string;
  signName: string;
  templateIds: Record<string, string>;
}

const SERVICE = 'sms';
const VERSION = '2021-01-11';
const ACTION = 'SendSms';

interface SendSmsResponse {
  Response?: {
    Error?: { Code: string; Message: string };
    SendStatusSet?: { Code: string; Message: string; PhoneNumber: string }[];
    RequestId?: string;
  };
}

export class TencentSmsGateway implements SmsGateway {
  readonly kind = 'tencent' as const;

  constructor(
    private readonly config: TencentSmsConfig,
    private readonly timeoutMs = 8000,
  ) {}

  async send(phone: string, templateKey: string, params: string[]): Promise<void> {
    const templateId = this.config.templateIds[templateKey];
    if (!templateId) throw new SmsSendError('TemplateNotConfigured', `SMS template "${templateKey}" has no id in SMS_TEMPLATE_IDS`);
    const payload = JSON.stringify({
      PhoneNumberSet: [phone.startsWith('+') ? phone : `+86${phone}`],
      SmsSdkAppId: this.config.sdkAppId,
      SignName: this.config.signName,
      TemplateId: templateId,
      TemplateParamSet: params,
    });
    const url = new URL(this.config.endpoint);
    const timestamp = Math.floor(Date.now() / 1000);
    let res: Response;
    try {
      res = await fetch(url, {
        method: 'POST',
        headers: {
          authorization: tc3Authorization({ secretId: this.config.secretId, secretKey: this.config.secretKey, host: url.host, timestamp, payload, service: SERVICE }),
          'content-type': CONTENT_TYPE,
          'x-tc-action': ACTION,
          'x-tc-timestamp': String(timestamp),
          'x-tc-version': VERSION,
          'x-tc-region': this.config.region,
        },
        body: payload,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      throw new SmsSendError('NetworkError', `SMS gateway unreachable: ${(err as Error).message}`);
    }
    let body: SendSmsResponse;
    try {
      body = (await res.json()) as SendSmsResponse;
    } catch {
      throw new SmsSendError('BadResponse', `SMS gateway answered ${res.status} without JSON`);
    }
    const error = body.Response?.Error;
    if (error) throw new SmsSendError(error.Code, error.Message);
    const status = body.Response?.SendStatusSet?.[0];
    if (!status) throw new SmsSendError('BadResponse', 'SMS gateway answered without a send status');
    if (status.Code !== 'Ok') throw new SmsSendError(status.Code, status.Message);
  }
}
