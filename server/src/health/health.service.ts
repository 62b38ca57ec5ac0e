// Reports whether the API can reach its database, which database it is, and its version.
import { Inject, Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import type { HealthResponse } from '@hotline/core';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { DATABASE } from '../database/database.module';
import type { Database } from '../database/database';

@Injectable()
export class HealthService {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async check(): Promise<HealthResponse> {
    let reachable = true;
    try {
      await sql`select 1`.execute(this.database.db);
    } catch {
      reachable = false;
    }
    return {
      status: reachable ? 'ok' : 'degraded',
      database: this.database.kind,
      version: this.config.version,
      demo: this.config.demo,
      time: new Date().toISOString(),
    };
  }
}
