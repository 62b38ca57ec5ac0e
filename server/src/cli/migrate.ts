// `npm run migrate -w @hotline/server`: applies pending migrations to the configured database.
import { loadConfig } from '../config/config';
import { openDatabase } from '../database/database';
import { migrateToLatest } from '../database/migrator';

async function main(): Promise<void> {
  const config = loadConfig();
  // As the tables' owner when the app itself runs as a role without DDL rights.
  const database = openDatabase(
    config.migrationDatabaseUrl ? { database: { kind: 'postgres', url: config.migrationDatabaseUrl } } : config,
  );
  try {
    const report = await migrateToLatest(database.db as never);
    process.stdout.write(
      report.applied.length ? `applied: ${report.applied.join(', ')}\n` : 'database is up to date\n',
    );
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
