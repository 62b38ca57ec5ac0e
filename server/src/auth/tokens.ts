// Access tokens: compact JWTs (HS256) signed with the server's secret. Short-lived by design;
// refresh tokens (rotating, with reuse detection) live in the database, not here. Each token names
// its session (the refresh family), so logging out or disabling the user ends it (AuthGuard).
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export interface Principal {
  userId: string;
  role: string;
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
const HEADER = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));

export class TokenSigner {
  private readonly key: Buffer;

  constructor(
    secret: string | null,
    readonly ttlSeconds: number,
  ) {
    // Without a configured secret (demo, tests) each process signs with its own random key:
    // tokens then die with the process, which is the safe default.
    this.key = secret ? Buffer.from(secret, 'utf8') : randomBytes(32);
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

  /** The principal of a valid, unexpired token; null for anything else. */
  verify(token: string, now = Date.now()): Principal | null {
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
    if (typeof claims.exp !== 'number' || claims.exp * 1000 <= now || typeof claims.sid !== 'string') return null;
    return { userId: claims.sub, role: claims.role, unitId: claims.unit ?? null, sessionId: claims.sid };
  }

  private mac(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url');
  }
}
