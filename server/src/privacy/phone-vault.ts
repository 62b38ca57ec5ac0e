// Phone numbers at rest: AES-256-GCM ciphertext for reading back, and a keyed hash (HMAC-SHA256)
// for look-up, so the database alone reveals no number and equal numbers still match.
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

export class PhoneVault {
  private readonly encKey: Buffer;
  private readonly macKey: Buffer;

  constructor(dataKey: Buffer) {
    this.encKey = Buffer.from(hkdfSync('sha256', dataKey, Buffer.alloc(0), 'hotline phone enc', 32));
    this.macKey = Buffer.from(hkdfSync('sha256', dataKey, Buffer.alloc(0), 'hotline phone mac', 32));
  }

  static normalise(phone: string): string {
    return phone.replace(/[\s-]/g, '').replace(/^\+?86(?=1\d{10}$)/, '');
  }

  hash(phone: string): string {
    return createHmac('sha256', this.macKey).update(PhoneVault.normalise(phone)).digest('hex');
  }

  encrypt(phone: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.encKey, iv);
    const ct = Buffer.concat([cipher.update(PhoneVault.normalise(phone), 'utf8'), cipher.final()]);
    return `v1.${iv.toString('base64url')}.${ct.toString('base64url')}.${cipher.getAuthTag().toString('base64url')}`;
  }

  decrypt(sealed: string): string {
    const [version, iv, ct, tag] = sealed.split('.');
    if (version !== 'v1' || !iv || !ct || !tag) throw new Error('unknown phone ciphertext format');
    const decipher = createDecipheriv('aes-256-gcm', this.encKey, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
  }
}
