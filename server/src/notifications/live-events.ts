// Server-sent events for signed-in staff (and residents): each new inbox item, followed by the
// queue counts it changed. One poller per process reads new inbox rows (so items written by any
// server instance arrive) and hands them to the connections of their users. The event id is the
// inbox id: a reconnect with Last-Event-ID receives everything after it.
import type { ServerResponse } from 'node:http';
import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { SESSION_CHECK_CACHE_MS, SessionsService } from '../auth/sessions.service';
import type { Principal } from '../auth/tokens';
import { NotificationsRepository, type InboxRow } from './notifications.repository';
import { toInboxItem } from './notifications.mapper';

interface Connection {
  principal: Principal;
  res: ServerResponse;
}

const UNIT_ROLES = new Set(['handler', 'unit_manager']);
export const MAX_STREAMS_PER_USER = 5;
const CENTRE_ROLES = new Set(['operator', 'dispatcher', 'supervisor', 'admin']);

@Injectable()
export class LiveEvents implements OnApplicationShutdown {
  private readonly logger = new Logger('LiveEvents');
  private readonly connections = new Map<string, Set<Connection>>();
  private poller: NodeJS.Timeout | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  private sessionCheck: NodeJS.Timeout | null = null;
  private lastSeen = 0;
  private polling = false;
  pollMs = 500;
  heartbeatMs = 15_000;

  constructor(
    private readonly repo: NotificationsRepository,
    private readonly sessions: SessionsService,
  ) {}

  async open(principal: Principal, res: ServerResponse, lastEventId: number | null): Promise<void> {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.write(`retry: 3000\n\n`);
    await this.start();
    const conn: Connection = { principal, res };
    let set = this.connections.get(principal.userId);
    if (!set) this.connections.set(principal.userId, (set = new Set()));
    // A bounded number of streams per person: a new tab closes the oldest stream.
    if (set.size >= MAX_STREAMS_PER_USER) [...set][0]?.res.end();
    set.add(conn);
    res.on('close', () => {
      set.delete(conn);
      if (set.size === 0) this.connections.delete(principal.userId);
      if (this.connections.size === 0) this.stop();
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
    if (this.poller) return;
    this.poller = setInterval(() => void this.poll(), this.pollMs);
    this.heartbeat = setInterval(() => {
      for (const set of this.connections.values()) for (const c of set) c.res.write(`: ping\n\n`);
    }, this.heartbeatMs);
    this.sessionCheck = setInterval(() => void this.closeEndedSessions(), SESSION_CHECK_CACHE_MS);
    this.poller.unref();
    this.heartbeat.unref();
    this.sessionCheck.unref();
  }

  private stop(): void {
    if (this.poller) clearInterval(this.poller);
    if (this.heartbeat) clearInterval(this.heartbeat);
    if (this.sessionCheck) clearInterval(this.sessionCheck);
    this.poller = this.heartbeat = this.sessionCheck = null;
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

  private async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      for (;;) {
        const rows = await this.repo.inboxAfter(this.lastSeen, 500);
        if (rows.length === 0) break;
        this.lastSeen = Number(rows[rows.length - 1]?.id ?? this.lastSeen);
        const touched = new Set<Connection>();
        for (const row of rows) {
          for (const conn of this.connections.get(row.user_id) ?? []) {
            this.write(conn, row);
            touched.add(conn);
          }
        }
        for (const conn of touched) await this.writeQueue(conn);
        if (rows.length < 500) break;
      }
    } catch (err) {
      this.logger.warn(`poll failed: ${String(err)}`);
    } finally {
      this.polling = false;
    }
  }

  private write(conn: Connection, row: InboxRow): void {
    conn.res.write(`id: ${row.id}\nevent: inbox\ndata: ${JSON.stringify(toInboxItem(row))}\n\n`);
  }

  private async writeQueue(conn: Connection): Promise<void> {
    const { role, unitId } = conn.principal;
    let counts: Record<string, number> | null = null;
    if (UNIT_ROLES.has(role) && unitId) counts = await this.repo.unitQueueCounts(unitId);
    else if (CENTRE_ROLES.has(role)) counts = await this.repo.centreQueueCounts();
    if (counts && !conn.res.writableEnded) conn.res.write(`event: queue\ndata: ${JSON.stringify(counts)}\n\n`);
  }

  onApplicationShutdown(): void {
    this.stop();
    for (const set of this.connections.values()) for (const c of set) c.res.end();
    this.connections.clear();
  }
}
