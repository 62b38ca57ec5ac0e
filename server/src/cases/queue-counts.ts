// The queue counters (table queue_counts): for each unit that sees a case in its queues, and for
// the whole county (unit ''), how many cases carry each combination of the columns the tabs are
// defined on. CasesRepository moves them in the transaction of every case write, so a unit's tab
// counts read a few dozen rows at any table size (QueuesRepository.counts).
import type { CounterAddition } from '../database/counter-additions';

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

/** What moving a case's counts from where it counted (null: a new case) to where it counts now adds to each counter row. */
export function queueCountMoves(before: QueueHolding | null, after: QueueHolding): CounterAddition[] {
  const moves = new Map<string, CounterAddition & { add: { n: number } }>();
  const add = (holding: QueueHolding, d: number) => {
    for (const unit of holding.units) {
      const k = keyText(unit, holding.key);
      const entry = moves.get(k) ?? { table: 'queue_counts', key: { unit_id: unit, ...holding.key }, add: { n: 0 } };
      entry.add.n += d;
      moves.set(k, entry);
    }
  };
  if (before) add(before, -1);
  add(after, 1);
  return [...moves.values()].filter((m) => m.add.n !== 0);
}
