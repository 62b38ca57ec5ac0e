// Keeps the analytics roll-ups: a case-event hook adds each event's counts inside the action's
// transaction (docs/decisions/0006-analytics-rollups.md), and a rebuild replays the whole event
// log with the same core reducer (the admin command, and the first start after the migration).
import { Injectable, Logger } from '@nestjs/common';
import {
  type CaseKind,
  type FallbackDeadline,
  type RollupEvent,
  type TimeLimitPolicy,
  type WorkCalendar,
  emptyCaseTally,
  eventNeedsTally,
  fallbackDeadlines,
  shanghaiDate,
  tallyCase,
  tallyEvent,
} from '@hotline/core';
import { latLngToCell } from 'h3-js';
import type { Insertable, Kysely } from 'kysely';
import type { CaseTransitionRecord } from '../cases/case-events.hooks';
import { CasesRepository, type Tx } from '../cases/cases.repository';
import type { CaseCellsTable, CaseRollupsTable, DB } from '../database/schema';
import { WorkRules } from '../cases/work-rules';
import { type CaseForRollup, RollupsRepository, type StoredRollupEvent, isEmptyBucket, mergeDeltas } from './rollups.repository';
import { rollupColumns } from './rollup-columns';

/** Live events always carry their deadlines; a missing one is not guessed inside a transaction. */
const NO_FALLBACK: FallbackDeadline = () => null;
const REBUILD_PAGE = 2000;
/** H3 resolution 8: hexagons of ~0.74 km², edges ~530 m (the "~500 m" cells of the hot-spot map). */
export const HOTSPOT_H3_RESOLUTION = 8;

export interface RebuildReport {
  cases: number;
  events: number;
  buckets: number;
}

@Injectable()
export class RollupsService {
  private readonly logger = new Logger(RollupsService.name);

  constructor(
    private readonly repository: RollupsRepository,
    private readonly cases: CasesRepository,
    private readonly rules: WorkRules,
  ) {}

  /**
   * The CaseEventHooks sink: this event's counts, in the action's own transaction. The case's own
   * tally is written at once (a later event of the same transaction reads it); the day's buckets,
   * which every action of the day shares, are added as the transaction commits, so their row
   * locks last only through the commit.
   */
  async onTransition(trx: Tx, record: CaseTransitionRecord): Promise<void> {
    const { caseRow, event } = record;
    const rollupEvent: RollupEvent = {
      type: event.type,
      at: event.at,
      fromStatus: event.fromStatus,
      toStatus: event.toStatus,
      actorUnitId: record.actor.unitId,
      payload: event.payload as Record<string, unknown>,
    };
    const needsTally = eventNeedsTally(event.type);
    const before = needsTally ? ((await this.repository.tallyOf(trx, caseRow.id)) ?? emptyCaseTally()) : emptyCaseTally();
    const { tally, deltas } = tallyEvent(before, rollupEvent, NO_FALLBACK);
    const changedTally = needsTally && JSON.stringify(tally) !== JSON.stringify(before);
    const cell = event.type === 'submit' ? cellOf(caseRow) : null;
    await this.repository.writeCaseRows(trx, { cell, tally: changedTally ? { caseId: caseRow.id, tally } : null });
    await this.cases.addToCounters(trx, this.repository.bucketAdditions(dimensionsOf(caseRow), deltas));
  }

  /**
   * Recomputes every bucket and tally from the event log and replaces the stored ones, in one
   * transaction that holds off case actions meanwhile (so none is lost or counted twice).
   */
  async rebuild(options: { onlyIfNeverBuilt?: boolean } = {}): Promise<RebuildReport | null> {
    const fallback = await this.fallbackRules();
    const started = Date.now();
    const report = await this.cases.transaction(async (trx) => {
      await this.cases.holdOffCaseWrites(trx);
      if (options.onlyIfNeverBuilt && (await this.repository.builtAt(trx)) !== null) return null;
      await this.repository.clear(trx);
      const replay = await this.replay(trx, fallback, async (tallies, cells) => {
        await this.repository.insertTallies(trx, tallies);
        await this.repository.insertCells(trx, cells);
      });
      await this.repository.insertBuckets(trx, replay.buckets);
      await this.repository.markBuilt(trx, new Date().toISOString());
      return { cases: replay.cases, events: replay.events, buckets: replay.buckets.length };
    });
    if (!report) return null;
    this.logger.log(
      `analytics roll-ups rebuilt: ${report.cases} cases, ${report.events} events, ${report.buckets} buckets in ${Date.now() - started} ms`,
    );
    return report;
  }

  /** What the roll-ups should hold according to the event log, without writing anything. */
  async recompute(db: Kysely<DB>): Promise<Array<Insertable<CaseRollupsTable>>> {
    return (await this.replay(db, await this.fallbackRules(), async () => {})).buckets;
  }

  private async replay(
    db: Kysely<DB>,
    fallback: (kind: CaseKind) => FallbackDeadline,
    onPage: (tallies: { case_id: string; tally_json: string }[], cells: CaseCellsTable[]) => Promise<void>,
  ): Promise<{ cases: number; events: number; buckets: Array<Insertable<CaseRollupsTable>> }> {
    const buckets = new Map<string, Insertable<CaseRollupsTable>>();
    let after: string | null = null;
    let caseCount = 0;
    let eventCount = 0;
    for (;;) {
      const page: CaseForRollup[] = await this.repository.casesAfter(db, after, REBUILD_PAGE);
      if (page.length === 0) break;
      const events = await this.repository.eventsOf(
        db,
        page.map((c) => c.id),
      );
      const byCase = groupByCase(events);
      const tallies: { case_id: string; tally_json: string }[] = [];
      const cells = page.map(cellOf).filter((c): c is CaseCellsTable => c !== null);
      for (const c of page) {
        const caseEvents = byCase.get(c.id) ?? [];
        eventCount += caseEvents.length;
        const kind = { demandType: c.demand_type, urgency: c.urgency } as CaseKind;
        const { tally, deltas } = tallyCase(caseEvents.map(toRollupEvent), fallback(kind));
        for (const row of mergeDeltas(
          { categoryCode: c.category_code, townshipCode: c.township_code, channel: c.channel },
          deltas,
        ))
          addBucket(buckets, row);
        if (JSON.stringify(tally) !== JSON.stringify(emptyCaseTally()))
          tallies.push({ case_id: c.id, tally_json: JSON.stringify(tally) });
      }
      await onPage(tallies, cells);
      caseCount += page.length;
      after = page[page.length - 1]!.id;
    }
    const sorted = [...buckets.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, row]) => row);
    return { cases: caseCount, events: eventCount, buckets: sorted.filter((row) => !isEmptyBucket(row)) };
  }

  private async fallbackRules(): Promise<(kind: CaseKind) => FallbackDeadline> {
    const [policy, calendar]: [TimeLimitPolicy, WorkCalendar] = await Promise.all([
      this.rules.policy(),
      this.rules.calendar(),
    ]);
    return (kind) => fallbackDeadlines(policy, calendar, kind);
  }
}

/** The hot-spot cell of a case filed with a point (stored WGS-84), or null. */
export function cellOf(
  row: Pick<CaseForRollup, 'id' | 'lat' | 'lng' | 'created_at' | 'category_code' | 'township_code'>,
): CaseCellsTable | null {
  if (row.lat === null || row.lng === null) return null;
  return {
    case_id: row.id,
    cell: latLngToCell(row.lat, row.lng, HOTSPOT_H3_RESOLUTION),
    day: shanghaiDate(row.created_at),
    category_code: row.category_code ?? '',
    township_code: row.township_code ?? '',
  };
}

export function dimensionsOf(row: { category_code: string | null; township_code: string | null; channel: string }) {
  return { categoryCode: row.category_code, townshipCode: row.township_code, channel: row.channel };
}

function toRollupEvent(row: StoredRollupEvent): RollupEvent {
  let payload: Record<string, unknown> = {};
  try {
    payload = JSON.parse(row.payload_json) as Record<string, unknown>;
  } catch {
    // An unreadable payload counts as an empty one; the audit chain reports the row.
  }
  return {
    type: row.type,
    at: row.at,
    fromStatus: row.from_status,
    toStatus: row.to_status,
    actorUnitId: row.actor_unit_id,
    payload,
  };
}

function groupByCase(events: StoredRollupEvent[]): Map<string, StoredRollupEvent[]> {
  const byCase = new Map<string, StoredRollupEvent[]>();
  for (const e of events) {
    const list = byCase.get(e.case_id);
    if (list) list.push(e);
    else byCase.set(e.case_id, [e]);
  }
  return byCase;
}

const bucketKey = (row: Insertable<CaseRollupsTable>) =>
  [row.day, row.unit_id, row.category_code, row.township_code, row.channel].join('\u0001');

function addBucket(buckets: Map<string, Insertable<CaseRollupsTable>>, row: Insertable<CaseRollupsTable>): void {
  const key = bucketKey(row);
  const existing = buckets.get(key);
  if (!existing) {
    buckets.set(key, row);
    return;
  }
  const target = existing as unknown as Record<string, number>;
  const source = row as unknown as Record<string, number>;
  for (const column of Object.values(rollupColumns)) target[column]! += source[column]!;
}
