// Keys derived from the server's secrets for the resident side: SMS codes are stored as keyed
// hashes, and media URLs carry an HMAC signature. Derived (HKDF) so no key serves two purposes.
import { createHmac, hkdfSync } from 'node:crypto';
import type { Secrets } from '../config/secrets';

export class AppKeys {
  private readonly smsCodeKey: Buffer;
  private readonly mediaUrlKey: Buffer;

  constructor(secrets: Secrets) {
    const derive = (label: string) => Buffer.from(hkdfSync('sha256', secrets.dataKey, Buffer.alloc(0), label, 32));
    this.smsCodeKey = derive('hotline sms code');
    this.mediaUrlKey = derive('hotline media url');
  }

  smsCodeHash(phoneHash: string, code: string): string {
    return createHmac('sha256', this.smsCodeKey).update(`${phoneHash}:${code}`).digest('hex');
  }

  mediaSignature(payload: string): string {
    return createHmac('sha256', this.mediaUrlKey).update(payload).digest('base64url');
  }
}
