// Analytics: roll-ups kept with every case event, and the measures and trends read from them.
import { Module, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { CaseEventHooks } from '../cases/case-events.hooks';
import { RollupsRepository } from './rollups.repository';
import { RollupsService } from './rollups.service';

@Module({
  providers: [RollupsRepository, RollupsService],
  exports: [RollupsService, RollupsRepository],
})
export class AnalyticsModule implements OnModuleInit, OnApplicationBootstrap {
  constructor(
    private readonly hooks: CaseEventHooks,
    private readonly rollups: RollupsService,
  ) {}

  onModuleInit(): void {
    this.hooks.register((trx, record) => this.rollups.onTransition(trx, record));
  }

  /** A database that never had roll-ups (new, or just migrated) gets them from its event log. */
  async onApplicationBootstrap(): Promise<void> {
    await this.rollups.rebuild({ onlyIfNeverBuilt: true });
  }
}
