// Server-sent events for signed-in staff (and residents): each new inbox item, and fresh queue
// counts for everyone whose queues a case change touched (the centre, and the units holding the
// case before and after). Woken by the LiveBus when any instance commits a case change, it reads
// the new inbox rows from the database and hands them to the connections of their users; a slow
// safety poll covers a lost notification. The event id is the inbox id: a reconnect with
// Last-Event-ID, on any instance, replays everything after it from the database.
import type { ServerResponse } from 'node:http';
import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { can, isUnitRole } from '@hotline/core';
import { SESSION_CHECK_CACHE_MS, SessionsService } from '../auth/sessions.service';
import type { Principal } from '../auth/tokens';
import type { CaseChanges } from '../cases/case-changes';
import { LiveBus } from './live-bus';
import { LiveStreamsRepository } from './live-streams.repository';
import { NotificationsRepository, type InboxRow } from './notifications.repository';
import { toInboxItem } from './notifications.mapper';

interface Connection {
  principal: Principal;
  /** The live_streams row the stream's ticket became. */
  streamId: string;
  res: ServerResponse;
}

/** Open streams per person, counted across every API instance. */
export const MAX_STREAMS_PER_USER = 5;
/** A stream unseen for this many heartbeats no longer counts (its instance died). */
const STALE_HEARTBEATS = 3;
/** How far behind the newest pushed id a late-committing inbox row is still looked for. */
const INBOX_LOOKBACK = 200;

@Injectable()
export class LiveEvents implements OnApplicationShutdown {
  private readonly logger = new Logger('LiveEvents');
  private readonly connections = new Map<string, Set<Connection>>();
  private poller: NodeJS.Timeout | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  private sessionCheck: NodeJS.Timeout | null = null;
  private lastSeen = 0;
  /** Inbox ids at or below this existed before the first stream opened: never pushed. */
  private floor = 0;
  /** Ids pushed lately; PostgreSQL hands ids out before commit, so a lower id may commit later. */
  private readonly recent = new Set<number>();
  private polling = false;
  private pendingUnits = new Set<string>();
  private pendingAll = false;
  private flushTimer: NodeJS.Timeout | null = null;
  pollMs = 5000;
  heartbeatMs = 15_000;
  /** Case changes arriving within this window are answered with one query per connection. */
  coalesceMs = 25;

  constructor(
    private readonly repo: NotificationsRepository,
    bus: LiveBus,
    private readonly sessions: SessionsService,
    private readonly streams: LiveStreamsRepository,
  ) {
    bus.onChanges((changes) => this.changed(changes));
  }

  private changed(changes: CaseChanges & { all?: boolean }): void {
    if (this.connections.size === 0) return;
    for (const unitId of changes.unitIds) this.pendingUnits.add(unitId);
    if (changes.all) this.pendingAll = true;
    if (this.flushTimer) return;
    this.flushTimer = setTimeout(() => void this.flush(), this.coalesceMs);
  }

  private async flush(): Promise<void> {
    this.flushTimer = null;
    const units = this.pendingUnits;
    const all = this.pendingAll;
    this.pendingUnits = new Set();
    this.pendingAll = false;
    const refreshed = await this.poll();
    for (const set of this.connections.values()) {
      for (const conn of set) {
        if (refreshed.has(conn)) continue;
        const { role, unitId } = conn.principal;
        const affected =
          can(role, 'queues.centreLiveCounts') || (isUnitRole(role) && unitId !== null && (all || units.has(unitId)));
        if (affected) await this.writeQueue(conn).catch((err: unknown) => this.logger.warn(`queue counts failed: ${String(err)}`));
      }
    }
  }

  /** Streams seen since this instant are still open somewhere. */
  aliveSince(now: Date): string {
    return new Date(now.getTime() - STALE_HEARTBEATS * this.heartbeatMs).toISOString();
  }

  async open(principal: Principal, streamId: string, res: ServerResponse, lastEventId: number | null): Promise<void> {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.write(`retry: 3000\n\n`);
    await this.start();
    const conn: Connection = { principal, streamId, res };
    let set = this.connections.get(principal.userId);
    if (!set) this.connections.set(principal.userId, (set = new Set()));
    set.add(conn);
    res.on('close', () => {
      set.delete(conn);
      if (set.size === 0) this.connections.delete(principal.userId);
      if (this.connections.size === 0) this.stop();
      void this.streams.close(streamId, new Date().toISOString()).catch((err: unknown) => this.logger.warn(`closing stream failed: ${String(err)}`));
    });
    if (lastEventId !== null) {
      const missed = await this.repo.inboxSince(principal.userId, lastEventId);
      for (const row of missed) this.write(conn, row);
      if (missed.length) await this.writeQueue(conn);
    } else {
      await this.writeQueue(conn);
    }
  }

  private async start(): Promise<void> {
    if (this.poller) return;
    this.lastSeen = await this.repo.maxInboxId();
    this.floor = Math.max(this.floor, this.lastSeen);
    if (this.poller) return;
    this.poller = setInterval(() => void this.poll(), this.pollMs);
    this.heartbeat = setInterval(() => void this.beat(), this.heartbeatMs);
    this.sessionCheck = setInterval(() => void this.closeEndedSessions(), SESSION_CHECK_CACHE_MS);
    this.poller.unref();
    this.heartbeat.unref();
    this.sessionCheck.unref();
  }

  private stop(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    if (this.poller) clearInterval(this.poller);
    if (this.heartbeat) clearInterval(this.heartbeat);
    if (this.sessionCheck) clearInterval(this.sessionCheck);
    this.poller = this.heartbeat = this.sessionCheck = null;
  }

  /** Keeps proxies from closing idle streams, and tells other instances these streams still count. */
  private async beat(): Promise<void> {
    const ids: string[] = [];
    for (const set of this.connections.values()) {
      for (const c of set) {
        c.res.write(`: ping\n\n`);
        ids.push(c.streamId);
      }
    }
    await this.streams.touch(ids, new Date().toISOString()).catch((err: unknown) => this.logger.warn(`stream heartbeat failed: ${String(err)}`));
  }

  /** A stream ends with its session (logout, refresh reuse, user disabled). */
  private async closeEndedSessions(): Promise<void> {
    for (const set of [...this.connections.values()]) {
      for (const conn of [...set]) {
        const sessionId = conn.principal.sessionId;
        if (!sessionId || !(await this.sessions.isLive(sessionId).catch(() => true))) conn.res.end();
      }
    }
  }

  /** Pushes inbox rows not pushed yet; returns the connections that got fresh queue counts. */
  private async poll(): Promise<Set<Connection>> {
    const touched = new Set<Connection>();
    if (this.polling) return touched;
    this.polling = true;
    try {
      for (;;) {
        const from = Math.max(this.floor, this.lastSeen - INBOX_LOOKBACK);
        const rows = (await this.repo.inboxAfter(from, 500)).filter((row) => !this.recent.has(Number(row.id)));
        if (rows.length === 0) break;
        for (const row of rows) {
          const id = Number(row.id);
          this.recent.add(id);
          this.lastSeen = Math.max(this.lastSeen, id);
          for (const conn of this.connections.get(row.user_id) ?? []) {
            this.write(conn, row);
            touched.add(conn);
          }
        }
        for (const id of this.recent) if (id <= this.lastSeen - INBOX_LOOKBACK) this.recent.delete(id);
        if (rows.length < 500) break;
      }
      for (const conn of touched) await this.writeQueue(conn);
    } catch (err) {
      this.logger.warn(`poll failed: ${String(err)}`);
    } finally {
      this.polling = false;
    }
    return touched;
  }

  private write(conn: Connection, row: InboxRow): void {
    conn.res.write(`id: ${row.id}\nevent: inbox\ndata: ${JSON.stringify(toInboxItem(row))}\n\n`);
  }

  private async writeQueue(conn: Connection): Promise<void> {
    const { role, unitId } = conn.principal;
    let counts: Record<string, number> | null = null;
    if (isUnitRole(role) && unitId) counts = await this.repo.unitQueueCounts(unitId);
    else if (can(role, 'queues.centreLiveCounts')) counts = await this.repo.centreQueueCounts();
    if (counts && !conn.res.writableEnded) conn.res.write(`event: queue\ndata: ${JSON.stringify(counts)}\n\n`);
  }

  onApplicationShutdown(): void {
    this.stop();
    for (const set of this.connections.values()) for (const c of set) c.res.end();
    this.connections.clear();
  }
}
