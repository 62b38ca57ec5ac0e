// Analytics: roll-ups kept with every case event, the measures and trends read from them, and the
// spike alerts and repeated demands the scheduler finds.
import { Module, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { CaseEventHooks } from '../cases/case-events.hooks';
import { RollupsRepository } from './rollups.repository';
import { RollupsService } from './rollups.service';
import { RepeatsRepository } from './repeats.repository';
import { RepeatsService } from './repeats.service';
import { SpikesRepository } from './spikes.repository';
import { SpikesService } from './spikes.service';

@Module({
  providers: [RollupsRepository, RollupsService, SpikesRepository, SpikesService, RepeatsRepository, RepeatsService],
  exports: [RollupsService, RollupsRepository, SpikesService, RepeatsService],
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
