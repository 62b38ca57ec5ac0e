// `npm run analytics:rebuild -w @hotline/server`: recomputes the analytics roll-ups from the case
// event log and replaces them (case actions wait meanwhile). Deadlines come from the events, so
// past periods keep the rules they were worked under.
import { AdminAuditRepository } from '../admin/admin-audit.repository';
import { CalendarService } from '../admin/calendar.service';
import { PolicyService } from '../admin/policy.service';
import { TimeRulesRepository } from '../admin/time-rules.repository';
import { TimeRulesService } from '../admin/time-rules.service';
import { RollupsRepository } from '../analytics/rollups.repository';
import { RollupsService } from '../analytics/rollups.service';
import { CasesRepository } from '../cases/cases.repository';
import { AuditChain } from '../cases/event-chain';
import { loadConfig } from '../config/config';
import { loadSecrets } from '../config/secrets';
import { openDatabase } from '../database/database';
import { DirectoryRepository } from '../directory/directory.repository';
import { ReferenceData } from '../directory/reference-data';
import { migrateToLatest } from '../database/migrator';

async function main(): Promise<void> {
  const config = loadConfig();
  const database = openDatabase(config);
  try {
    await migrateToLatest(database.db as never);
    const timeRules = new TimeRulesRepository(database, new AdminAuditRepository(database, new ReferenceData(new DirectoryRepository(database), database)));
    const rules = new TimeRulesService(new CalendarService(timeRules), new PolicyService(timeRules));
    const service = new RollupsService(new RollupsRepository(database), new CasesRepository(database, new AuditChain(loadSecrets(config).auditKey)), rules);
    const started = Date.now();
    const report = await service.rebuild();
    process.stdout.write(
      `analytics roll-ups rebuilt: ${report?.cases ?? 0} cases, ${report?.events ?? 0} events, ${report?.buckets ?? 0} buckets in ${Date.now() - started} ms\n`,
    );
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
