// API keys for Open311 clients: an admin issues one (shown once), lists and revokes them; a
// request with a key is checked against its hash and counted against the key's own per-minute
// limit. The demo county seeds `demo-open311-key`.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { type CreatedOpen311Key, type CreateOpen311KeyRequest, DomainError, ErrorCode, type Open311Key } from '@hotline/core';
import { RateLimiter } from '../auth/rate-limit';
import type { Principal } from '../auth/tokens';
import { Open311KeysRepository, type Open311KeyRow } from './open311-keys.repository';

export const DEMO_OPEN311_KEY = 'demo-open311-key';
export const hashOpen311Key = (key: string): string => createHash('sha256').update(key, 'utf8').digest('hex');

const toKey = (row: Open311KeyRow): Open311Key => ({
  id: row.id,
  name: row.name,
  prefix: row.prefix,
  requestsPerMinute: row.requests_per_minute,
  createdAt: row.created_at,
  lastUsedAt: row.last_used_at,
  revokedAt: row.revoked_at,
});

function requireAdmin(principal: Principal): void {
  if (principal.role !== 'admin') throw new DomainError(ErrorCode.FORBIDDEN);
}

@Injectable()
export class Open311KeysService {
  constructor(
    private readonly keys: Open311KeysRepository,
    private readonly limiter: RateLimiter,
  ) {}

  async create(principal: Principal, body: CreateOpen311KeyRequest): Promise<CreatedOpen311Key> {
    requireAdmin(principal);
    const key = `o311_${randomBytes(24).toString('base64url')}`;
    const at = new Date().toISOString();
    const row: Open311KeyRow = {
      id: randomUUID(),
      name: body.name,
      prefix: key.slice(0, 9),
      key_hash: hashOpen311Key(key),
      requests_per_minute: body.requestsPerMinute,
      created_at: at,
      created_by: principal.userId,
      last_used_at: null,
      revoked_at: null,
    };
    await this.keys.insert(row, { at, actorId: principal.userId }, toKey(row));
    return { ...toKey(row), key };
  }

  async list(principal: Principal): Promise<Open311Key[]> {
    requireAdmin(principal);
    return (await this.keys.list()).map(toKey);
  }

  async revoke(principal: Principal, id: string): Promise<Open311Key> {
    requireAdmin(principal);
    const before = await this.keys.findById(id);
    if (!before) throw new DomainError(ErrorCode.NOT_FOUND, 'API 密钥不存在');
    return toKey(await this.keys.revoke(before, { at: new Date().toISOString(), actorId: principal.userId }));
  }

  /** The active key behind `apiKey`, counted against its limit; 403 OPEN311_KEY_INVALID otherwise. */
  async authenticate(apiKey: string | undefined): Promise<Open311KeyRow> {
    const row = apiKey ? await this.keys.findActiveByHash(hashOpen311Key(apiKey)) : undefined;
    if (!row) throw new DomainError(ErrorCode.OPEN311_KEY_INVALID, apiKey ? 'api_key 无效或已停用' : '缺少 api_key');
    await this.limiter.hit([
      { bucket: `open311:key:${row.id}`, limit: row.requests_per_minute, windowSeconds: 60, message: '该 api_key 请求过于频繁，请稍后再试' },
    ]);
    await this.keys.touch(row.id, new Date().toISOString());
    return row;
  }
}
