// Reports whether the API can reach its database, which database it is, and its version.
import { Inject, Injectable } from '@nestjs/common';
import type { HealthResponse } from '@hotline/core';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { HealthRepository } from './health.repository';

@Injectable()
export class HealthService {
  constructor(
    private readonly repository: HealthRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async check(): Promise<HealthResponse> {
    const reachable = await this.repository.reachable();
    return {
      status: reachable ? 'ok' : 'degraded',
      database: this.repository.kind,
      version: this.config.version,
      demo: this.config.demo,
      time: new Date().toISOString(),
    };
  }
}
