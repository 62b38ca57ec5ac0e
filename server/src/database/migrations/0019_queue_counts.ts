// Queue tab counts at any table size: how many cases each unit holds (and the whole county, unit
// ''), per combination of the columns the tabs are defined on. Kept in every case transaction by
// CasesRepository (server/src/queues/queue-counts.ts); a unit's counts read a few dozen rows
// instead of grouping its open cases (docs/benchmarks.md, "Queue counts").
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('queue_counts')
    .addColumn('unit_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('deadline_state', 'varchar(8)', (c) => c.notNull())
    .addColumn('extension_pending', 'integer', (c) => c.notNull())
    .addColumn('problem', 'integer', (c) => c.notNull())
    .addColumn('supervised', 'integer', (c) => c.notNull())
    .addColumn('reopen_pending', 'integer', (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('queue_counts_pk', [
      'unit_id',
      'status',
      'deadline_state',
      'extension_pending',
      'problem',
      'supervised',
      'reopen_pending',
    ])
    .execute();
  await fillQueueCounts(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('queue_counts').execute();
}

/**
 * Counts every case from scratch: once for the county (unit ''), and once for each unit that
 * sees it in its queues — the unit holding it, the responsible township, assisting units — each
 * unit once per case.
 */
export async function fillQueueCounts(db: Kysely<unknown>): Promise<void> {
  await sql`delete from queue_counts`.execute(db);
  await sql`
    insert into queue_counts (unit_id, status, deadline_state, extension_pending, problem, supervised, reopen_pending, n)
    select '', status, deadline_state, extension_pending, problem, supervised, reopen_pending, count(*)
    from cases
    group by status, deadline_state, extension_pending, problem, supervised, reopen_pending`.execute(db);
  await sql`
    insert into queue_counts (unit_id, status, deadline_state, extension_pending, problem, supervised, reopen_pending, n)
    select s.unit_id, c.status, c.deadline_state, c.extension_pending, c.problem, c.supervised, c.reopen_pending, count(*)
    from (
      select id as case_id, assignee_unit_id as unit_id from cases where assignee_unit_id is not null
      union
      select id, responsible_township_unit_id from cases where responsible_township_unit_id is not null
      union
      select case_id, unit_id from case_unit_links where role = 'assist'
    ) s
    join cases c on c.id = s.case_id
    group by s.unit_id, c.status, c.deadline_state, c.extension_pending, c.problem, c.supervised, c.reopen_pending`.execute(
    db,
  );
}
