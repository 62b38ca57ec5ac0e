// Tells every API instance that cases changed, once the change is committed. On PostgreSQL each
// instance keeps one LISTEN connection and a change is announced with pg_notify on an ordinary
// pooled connection after the write transaction committed, so no hot transaction takes NOTIFY's
// commit-time lock (docs/decisions/0007-live-updates-listen-notify.md). On SQLite there is one
// instance, and the announcement stays in the process.
import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import pg from 'pg';
import { type CaseChanges, CaseChangeFeed } from '../cases/case-changes';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { DATABASE } from '../database/database.module';
import type { Database } from '../database/database';
import { LiveStreamsRepository } from './live-streams.repository';

const CHANNEL = 'hotline_case_changes';
/** NOTIFY payloads are limited to 8000 bytes; a bigger change set is announced without units. */
const MAX_PAYLOAD = 7000;

@Injectable()
export class LiveBus implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('LiveBus');
  private readonly handlers = new Set<(changes: CaseChanges) => void>();
  private listener: pg.Client | null = null;
  private closing = false;

  constructor(
    private readonly feed: CaseChangeFeed,
    @Inject(DATABASE) private readonly database: Database,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly streams: LiveStreamsRepository,
  ) {}

  onChanges(handler: (changes: CaseChanges) => void): void {
    this.handlers.add(handler);
  }

  async onModuleInit(): Promise<void> {
    this.feed.onCommitted((changes) => this.publish(changes));
    if (this.config.database.kind === 'postgres') await this.listen();
  }

  private async publish(changes: CaseChanges): Promise<void> {
    if (this.database.kind !== 'postgres') {
      this.deliver(changes);
      return;
    }
    let payload = JSON.stringify(changes);
    if (payload.length > MAX_PAYLOAD) payload = JSON.stringify({ caseIds: [], unitIds: [], all: true });
    await this.streams.notify(CHANNEL, payload);
  }

  private async listen(): Promise<void> {
    if (this.config.database.kind !== 'postgres' || this.closing) return;
    const client = new pg.Client({ connectionString: this.config.database.url });
    const retry = (error: unknown) => {
      if (this.listener !== client || this.closing) return;
      this.listener = null;
      this.logger.warn(`LISTEN connection lost (${String(error)}); reconnecting`);
      client.end().catch(() => undefined);
      setTimeout(() => void this.listen().catch(retry), 1000).unref();
    };
    client.on('error', retry);
    client.on('end', () => retry('ended'));
    client.on('notification', (message) => {
      if (message.channel !== CHANNEL || !message.payload) return;
      try {
        this.deliver(JSON.parse(message.payload) as CaseChanges);
      } catch (error) {
        this.logger.warn(`bad change notification: ${String(error)}`);
      }
    });
    this.listener = client;
    await client.connect();
    await client.query(`listen ${CHANNEL}`);
  }

  private deliver(changes: CaseChanges): void {
    for (const handler of this.handlers) handler(changes);
  }

  async onApplicationShutdown(): Promise<void> {
    this.closing = true;
    const client = this.listener;
    this.listener = null;
    await client?.end().catch(() => undefined);
  }
}
