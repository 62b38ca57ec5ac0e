// Sessions of signed-in people: a short-lived access token (TokenSigner) plus a rotating refresh
// token stored hashed. Each refresh spends the token and answers a new one in the same family;
// presenting a spent token means it was stolen or replayed, so the whole family is revoked.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DomainError, type Role, type SessionResponse } from '@hotline/core';
import { AccountsRepository, type AccountRow } from './accounts.repository';
import { SessionsRepository } from './sessions.repository';
import { TokenSigner } from './tokens';
import { DirectoryRepository } from '../directory/directory.repository';

export const REFRESH_TTL_SECONDS = 30 * 24 * 60 * 60;
/** How long a session's standing is remembered: a logout or a disabled user takes effect within this. */
export const SESSION_CHECK_CACHE_MS = 3000;
const SESSION_CACHE_MAX = 50_000;

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

@Injectable()
export class SessionsService {
  private readonly liveness = new Map<string, { live: boolean; at: number }>();

  constructor(
    private readonly sessions: SessionsRepository,
    private readonly accounts: AccountsRepository,
    private readonly directory: DirectoryRepository,
    private readonly signer: TokenSigner,
  ) {}

  /** A new sign-in, or (with the family of the token being renewed) the next session of one. */
  async start(user: AccountRow, renewing?: string): Promise<SessionResponse> {
    const now = new Date();
    const familyId = renewing ?? crypto.randomUUID();
    if (!renewing) await this.accounts.recordSignIn(user.id, now.toISOString());
    const id = crypto.randomUUID();
    const secret = randomBytes(32).toString('base64url');
    await this.sessions.insertRefreshToken({
      id,
      family_id: familyId,
      user_id: user.id,
      token_hash: sha256(secret),
      expires_at: new Date(now.getTime() + REFRESH_TTL_SECONDS * 1000).toISOString(),
      created_at: now.toISOString(),
      used_at: null,
      revoked_at: null,
    });
    return {
      accessToken: this.signer.sign({ userId: user.id, role: user.role, unitId: user.unit_id, sessionId: familyId }),
      tokenType: 'Bearer',
      expiresIn: this.signer.ttlSeconds,
      user: {
        id: user.id,
        role: user.role as Role,
        name: user.name,
        unitId: user.unit_id,
        unitName: await this.directory.unitName(user.unit_id),
      },
      refreshToken: `${id}.${secret}`,
      refreshExpiresIn: REFRESH_TTL_SECONDS,
    };
  }

  async refresh(token: string): Promise<SessionResponse> {
    const now = new Date().toISOString();
    const row = await this.find(token);
    if (!row || row.revoked_at || row.expires_at <= now) throw new DomainError('REFRESH_TOKEN_INVALID');
    if (row.used_at || !(await this.sessions.markUsed(row.id, now))) {
      await this.sessions.revokeFamily(row.family_id, now);
      this.forget(row.family_id);
      throw new DomainError('REFRESH_TOKEN_REUSED');
    }
    const user = await this.accounts.findById(row.user_id);
    if (!user || user.disabled) {
      await this.sessions.revokeFamily(row.family_id, now);
      throw new DomainError('REFRESH_TOKEN_INVALID');
    }
    return this.start(user, row.family_id);
  }

  /** Ends the session the token belongs to; an unknown token ends nothing and says nothing. */
  async end(token: string): Promise<void> {
    const row = await this.find(token);
    if (row) {
      await this.sessions.revokeFamily(row.family_id, new Date().toISOString());
      this.forget(row.family_id);
    }
  }

  /**
   * Whether an access token's session still stands: not logged out, not revoked by a refresh
   * reuse, its user not disabled. Remembered for a few seconds so a busy API does not ask the
   * database on every request; other instances learn of an ending within that time.
   */
  async isLive(sessionId: string, now = Date.now()): Promise<boolean> {
    const known = this.liveness.get(sessionId);
    if (known && now - known.at < SESSION_CHECK_CACHE_MS) return known.live;
    const live = await this.sessions.isSessionLive(sessionId);
    if (this.liveness.size >= SESSION_CACHE_MAX) this.liveness.clear();
    this.liveness.set(sessionId, { live, at: now });
    return live;
  }

  private forget(sessionId: string): void {
    this.liveness.set(sessionId, { live: false, at: Date.now() });
  }

  private async find(token: string) {
    const [id, secret] = token.split('.');
    if (!id || !secret || !/^[0-9a-f-]{36}$/.test(id)) return undefined;
    const row = await this.sessions.findRefreshToken(id);
    if (!row) return undefined;
    const given = Buffer.from(sha256(secret));
    return timingSafeEqual(given, Buffer.from(row.token_hash)) ? row : undefined;
  }
}
