// Runs the migrations in order on either dialect. Migrations are imported statically (not read
// from a folder) so that the compiled server and the test runner see the same list.
import { type Kysely, type Migration, type MigrationProvider, Migrator } from 'kysely';
import * as m0001 from './migrations/0001_foundation';
import * as m0002 from './migrations/0002_cases';
import * as m0004 from './migrations/0004_admin_queues';
import * as m0003 from './migrations/0003_residents';
import * as m0005 from './migrations/0005_notifications';
import * as m0006 from './migrations/0006_reopen_queue';
import * as m0007s from './migrations/0007_supervised_queue';
import * as m0008 from './migrations/0008_retention';
import * as m0009 from './migrations/0009_questions_open311';
import * as m0010 from './migrations/0010_analytics_rollups';
import * as m0011 from './migrations/0011_keyed_audit';
import * as m0012 from './migrations/0012_disclosure';
import * as m0013 from './migrations/0013_admin_console';
import * as m0014 from './migrations/0014_live_streams';
import * as m0015 from './migrations/0015_audit_legacy_boundary';
import * as m0016 from './migrations/0016_redactable_event_texts';
import * as m0017 from './migrations/0017_setting_versions';
import * as m0018 from './migrations/0018_analytics_spikes';
import * as m0019 from './migrations/0019_queue_counts';
import * as m0020 from './migrations/0020_repeat_clusters';
import * as m0021 from './migrations/0021_monthly_topics';
import * as m0022 from './migrations/0022_rollup_sums';
import * as m0023 from './migrations/0023_weekly_bulletins';
import * as m0024 from './migrations/0024_rollup_category_township_index';
import * as m0025 from './migrations/0025_partial_queue_indexes';

export const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_cases': m0002,
  '0004_admin_queues': m0004,
  '0003_residents': m0003,
  '0005_notifications': m0005,
  '0006_reopen_queue': m0006,
  '0007_supervised_queue': m0007s,
  '0008_retention': m0008,
  '0009_questions_open311': m0009,
  '0010_analytics_rollups': m0010,
  '0011_keyed_audit': m0011,
  '0012_disclosure': m0012,
  '0013_admin_console': m0013,
  '0014_live_streams': m0014,
  '0015_audit_legacy_boundary': m0015,
  '0016_redactable_event_texts': m0016,
  '0017_setting_versions': m0017,
  '0018_analytics_spikes': m0018,
  '0019_queue_counts': m0019,
  '0020_repeat_clusters': m0020,
  '0021_monthly_topics': m0021,
  '0022_rollup_sums': m0022,
  '0023_weekly_bulletins': m0023,
  '0024_rollup_category_township_index': m0024,
  '0025_partial_queue_indexes': m0025,
};

class StaticMigrationProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    return migrations;
  }
}

export interface MigrationReport {
  applied: string[];
}

export async function migrateToLatest(db: Kysely<unknown>): Promise<MigrationReport> {
  const migrator = new Migrator({ db, provider: new StaticMigrationProvider() });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`Migration ${failed?.migrationName ?? '?'} failed: ${String((error as Error).message ?? error)}`);
  }
  return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}
