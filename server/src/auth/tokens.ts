// Access tokens: compact JWTs (HS256) signed with the server's secret. Short-lived by design;
// refresh tokens (rotating, with reuse detection) live in the database, not here. Each token names
// its session (the refresh family), so logging out or disabling the user ends it (AuthGuard).
import { type KeyObject, createHmac, createSecretKey, randomBytes, timingSafeEqual } from 'node:crypto';
import { isRole, type Role } from '@hotline/core';

export interface Principal {
  userId: string;
  role: Role;
  unitId: string | null;
  /** The session (refresh-token family) the access token belongs to; absent for in-process callers. */
  sessionId?: string;
}

interface Claims {
  sub: string;
  role: string;
  unit: string | null;
  sid: string;
  iat: number;
  exp: number;
}

const b64url = (buf: Buffer | string) => Buffer.from(buf).toString('base64url');
/** How many verified tokens `verify` remembers (a few hundred bytes each). */
const VERIFIED_TOKENS_KEPT = 10_000;
const HEADER = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));

export class TokenSigner {
  /** A KeyObject: HMACs keyed by one are made faster than by a Buffer (one per request). */
  private readonly key: KeyObject;

  constructor(
    secret: string | null,
    readonly ttlSeconds: number,
  ) {
    // Without a configured secret (demo, tests) each process signs with its own random key:
    // tokens then die with the process, which is the safe default.
    this.key = createSecretKey(secret ? Buffer.from(secret, 'utf8') : randomBytes(32));
  }

  sign(principal: Principal & { sessionId: string }, now = Date.now()): string {
    const iat = Math.floor(now / 1000);
    const claims: Claims = {
      sub: principal.userId,
      role: principal.role,
      unit: principal.unitId,
      sid: principal.sessionId,
      iat,
      exp: iat + this.ttlSeconds,
    };
    const body = `${HEADER}.${b64url(JSON.stringify(claims))}`;
    return `${body}.${this.mac(body)}`;
  }

  /**
   * Tokens already verified, by their whole text (signature included), with their expiry: a
   * client sends the same token on every request until it expires, and checking its signature
   * again each time was a visible share of a filing's CPU. Bounded; the oldest go first.
   */
  private readonly verified = new Map<string, { principal: Principal; expiresAt: number }>();

  /** The principal of a valid, unexpired token; null for anything else. */
  verify(token: string, now = Date.now()): Principal | null {
    let known = this.verified.get(token);
    if (!known) {
      const checked = this.check(token);
      if (!checked) return null;
      if (this.verified.size >= VERIFIED_TOKENS_KEPT) this.verified.delete(this.verified.keys().next().value!);
      this.verified.set(token, (known = checked));
    }
    if (known.expiresAt <= now) {
      this.verified.delete(token);
      return null;
    }
    return { ...known.principal };
  }

  /** A well-formed token with our signature and a known role, and when it expires. */
  private check(token: string): { principal: Principal; expiresAt: number } | null {
    const parts = token.split('.');
    if (parts.length !== 3 || parts[0] !== HEADER) return null;
    const body = `${parts[0]}.${parts[1]}`;
    const expected = Buffer.from(this.mac(body));
    const given = Buffer.from(parts[2] ?? '');
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
    let claims: Claims;
    try {
      claims = JSON.parse(Buffer.from(parts[1] ?? '', 'base64url').toString('utf8')) as Claims;
    } catch {
      return null;
    }
    if (typeof claims.exp !== 'number' || typeof claims.sid !== 'string') return null;
    if (!isRole(claims.role)) return null;
    return {
      principal: { userId: claims.sub, role: claims.role, unitId: claims.unit ?? null, sessionId: claims.sid },
      expiresAt: claims.exp * 1000,
    };
  }

  private mac(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url');
  }
}
