// The queue counters (table queue_counts): for each unit that sees a case in its queues, and for
// the whole county (unit ''), how many cases carry each combination of the columns the tabs are
// defined on. CasesRepository moves them in the transaction of every case write, so a unit's tab
// counts read a few dozen rows at any table size (QueuesRepository.counts).
import { sql, type Kysely } from 'kysely';
import type { DB } from '../database/schema';
import { insertRowsTemplate, rowValues } from '../database/query-template';

const COUNT_COLUMNS = ['unit_id', 'status', 'deadline_state', 'extension_pending', 'problem', 'supervised', 'reopen_pending', 'n'] as const;
// One template per number of rows, compiled once (see query-template.ts).
const addCounts = insertRowsTemplate((db, rows) =>
  db
    .insertInto('queue_counts')
    .values(rows as never)
    .onConflict((oc) =>
      oc
        .columns(['unit_id', 'status', 'deadline_state', 'extension_pending', 'problem', 'supervised', 'reopen_pending'])
        .doUpdateSet({ n: sql<number>`queue_counts.n + excluded.n` }),
    ),
);

/** The columns the queue tabs are defined on (QueuesRepository's tabCondition). */
export interface QueueKey {
  status: string;
  deadline_state: string;
  extension_pending: number;
  problem: number;
  supervised: number;
  reopen_pending: number;
}

/** Where a case counts: its key, and the units whose queues show it ('' = the county). */
export interface QueueHolding {
  key: QueueKey;
  units: string[];
}

export const COUNTY = '';

export const queueKeyOf = (row: QueueKey): QueueKey => ({
  status: row.status,
  deadline_state: row.deadline_state,
  extension_pending: Number(row.extension_pending),
  problem: Number(row.problem),
  supervised: Number(row.supervised),
  reopen_pending: Number(row.reopen_pending),
});

/**
 * The units that see a case (QueuesRepository's unit scope, from the case's side): the county,
 * the unit holding it, the responsible township, and the assisting units — each once.
 */
export function holdersOf(c: { assignee: string | null; responsible: string | null; assisting: readonly string[] }): string[] {
  const units = new Set([COUNTY]);
  for (const u of [c.assignee, c.responsible, ...c.assisting]) if (u) units.add(u);
  return [...units];
}

const keyText = (unit: string, k: QueueKey) =>
  [unit, k.status, k.deadline_state, k.extension_pending, k.problem, k.supervised, k.reopen_pending].join('\u0000');

/** Moves a case's counts from where it counted (null: a new case) to where it counts now, in one statement. */
export async function moveQueueCounts(trx: Kysely<DB>, before: QueueHolding | null, after: QueueHolding): Promise<void> {
  const deltas = new Map<string, QueueKey & { unit_id: string; n: number }>();
  const add = (holding: QueueHolding, d: number) => {
    for (const unit of holding.units) {
      const k = keyText(unit, holding.key);
      const entry = deltas.get(k) ?? { unit_id: unit, ...holding.key, n: 0 };
      entry.n += d;
      deltas.set(k, entry);
    }
  };
  if (before) add(before, -1);
  add(after, 1);
  // In one order for every writer, so two transactions never wait on each other's rows (deadlock).
  const rows = [...deltas.entries()]
    .filter(([, r]) => r.n !== 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, r]) => r);
  if (rows.length === 0) return;
  await addCounts(COUNT_COLUMNS, rows.length).execute(trx, rowValues(rows, COUNT_COLUMNS));
}
