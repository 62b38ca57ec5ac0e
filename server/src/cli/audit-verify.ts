// `npm run audit:verify`: recomputes the hash chain of every case event and reports any row
// that was edited or deleted behind the application's back. Exit code 2 when it finds one.
import { loadConfig } from '../config/config';
import { openDatabase } from '../database/database';
import { verifyChain, type StoredEvent } from '../cases/event-chain';

async function main(): Promise<void> {
  const database = openDatabase(loadConfig());
  try {
    const rows = await database.db.selectFrom('case_events').selectAll().orderBy('id').execute();
    const problems = verifyChain(rows.map((r) => ({ ...r, id: Number(r.id) }) as StoredEvent));
    if (problems.length === 0) {
      process.stdout.write(`audit chain intact: ${rows.length} events verified\n`);
      return;
    }
    for (const p of problems) process.stdout.write(`event ${p.eventId} of case ${p.caseId}: ${p.problem}\n`);
    process.stdout.write(`audit chain BROKEN: ${problems.length} problem(s) in ${rows.length} events\n`);
    process.exitCode = 2;
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
