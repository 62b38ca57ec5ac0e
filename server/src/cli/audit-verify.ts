// `npm run audit:verify`: recomputes the keyed hash chain of every case and compares it with the
// signed checkpoints outside the database; reports any row edited, deleted or rehashed behind the
// application's back. Exit code 2 when it finds one. Needs the same HOTLINE_AUDIT_KEY as the API
// (in demo mode the generated one in data/secrets.json).
import { loadConfig } from '../config/config';
import { loadSecrets } from '../config/secrets';
import { openDatabase } from '../database/database';
import { CheckpointFile } from '../cases/audit-checkpoint';
import { verifyAuditTrail } from '../cases/audit.service';
import { CasesRepository } from '../cases/cases.repository';
import { AuditChain } from '../cases/event-chain';

async function main(): Promise<void> {
  const config = loadConfig();
  const chain = new AuditChain(loadSecrets(config).auditKey);
  const database = openDatabase(config);
  try {
    const cases = new CasesRepository(database, chain);
    const checkpoints = new CheckpointFile(config.audit.checkpointPath, chain);
    const report = await verifyAuditTrail(chain, cases.allEvents(), checkpoints, await cases.legacyBoundary());
    const counts = `${report.eventsChecked} events, ${report.checkpointsChecked} checkpoints`;
    if (report.ok) {
      process.stdout.write(`audit trail intact: ${counts} verified\n`);
      return;
    }
    for (const p of report.problems) {
      const where = [p.caseId ? `case ${p.caseId}` : null, p.eventId ? `event ${p.eventId}` : null].filter(Boolean);
      process.stdout.write(`${where.length ? where.join(', ') : 'checkpoint'}: ${p.problem}\n`);
    }
    process.stdout.write(`audit trail BROKEN: ${report.problems.length} problem(s) in ${counts}\n`);
    process.exitCode = 2;
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
