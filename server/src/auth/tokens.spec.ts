// Access tokens: what verify accepts and refuses, also for a token it has seen before.
import { TokenSigner } from './tokens';

describe('TokenSigner', () => {
  const signer = new TokenSigner('a-test-secret-of-enough-length', 900);
  const principal = { userId: 'u1', role: 'resident' as const, unitId: null, sessionId: 's1' };

  it('accepts its own token again and again, and refuses it once expired', () => {
    const now = Date.now();
    const token = signer.sign(principal, now);
    expect(signer.verify(token, now)).toEqual(principal);
    expect(signer.verify(token, now + 1000)).toEqual(principal);
    expect(signer.verify(token, now + 900_000)).toBeNull();
  });

  it('refuses a token with another signature or changed claims, even after the real one was seen', () => {
    const token = signer.sign(principal);
    expect(signer.verify(token)).not.toBeNull();
    const [header, body, signature] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(body!, 'base64url').toString()), role: 'admin' })).toString('base64url');
    expect(signer.verify(`${header}.${forged}.${signature}`)).toBeNull();
    expect(signer.verify(`${header}.${body}.${signature!.slice(0, -2)}xx`)).toBeNull();
    expect(new TokenSigner('another-secret-of-enough-length', 900).verify(token)).toBeNull();
  });

  it('hands out a principal the caller may change without changing the next caller\'s', () => {
    const token = signer.sign(principal);
    const first = signer.verify(token)!;
    first.role = 'admin';
    expect(signer.verify(token)!.role).toBe('resident');
  });
});
