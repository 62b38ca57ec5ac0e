// Tencent Cloud API 3.0 request signing (TC3-HMAC-SHA256), shared by every Tencent Cloud client
// (SMS, speech recognition): https://cloud.tencent.com/document/api/382/52072.
import { createHash, createHmac } from 'node:crypto';

export const TC3_CONTENT_TYPE = 'application/json; charset=utf-8';

const sha256Hex = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
const hmac = (key: Buffer | string, s: string) => createHmac('sha256', key).update(s, 'utf8').digest();

/** The Authorization header of a TC3-HMAC-SHA256 POST to `host` of `service` with this JSON payload. */
export function tc3Authorization(opts: { secretId: string; secretKey: string; host: string; timestamp: number; payload: string; service: string }): string {
  const { service } = opts;
  const date = new Date(opts.timestamp * 1000).toISOString().slice(0, 10);
  const canonicalRequest = ['POST', '/', '', `content-type:${TC3_CONTENT_TYPE}\nhost:${opts.host}\n`, 'content-type;host', sha256Hex(opts.payload)].join('\n');
  const scope = `${date}/${service}/tc3_request`;
  const stringToSign = ['TC3-HMAC-SHA256', String(opts.timestamp), scope, sha256Hex(canonicalRequest)].join('\n');
  const kSigning = hmac(hmac(hmac(`TC3${opts.secretKey}`, date), service), 'tc3_request');
  const signature = createHmac('sha256', kSigning).update(stringToSign, 'utf8').digest('hex');
  return `TC3-HMAC-SHA256 Credential=${opts.secretId}/${scope}, SignedHeaders=content-type;host, Signature=${signature}`;
}
