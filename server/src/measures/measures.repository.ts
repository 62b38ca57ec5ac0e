// The only SQL of the measures: the events of every case that had a counted step in a period,
// and the units they belong to.
import { Inject, Injectable } from '@nestjs/common';
import { DATABASE } from '../database/database.module';
import type { Database } from '../database/database';
import type { Selectable } from 'kysely';
import type { UnitsTable } from '../database/schema';

/** Event types that count towards some measure. */
export const COUNTED_EVENT_TYPES = [
  'dispatch',
  'rule_return',
  'forward',
  'sign',
  'return',
  'reply',
  'review',
  'callback',
  'rate',
  'request_extension',
  'rule_extension',
];

export interface MeasureEventRow {
  case_id: string;
  seq: number;
  type: string;
  at: string;
  actor_unit_id: string | null;
  payload_json: string;
  demand_type: string;
  urgency: string;
}

export type UnitRow = Pick<Selectable<UnitsTable>, 'id' | 'code' | 'name' | 'kind' | 'parent_id' | 'area_code'>;

@Injectable()
export class MeasuresRepository {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  /**
   * All counted events, in order, of the cases that had one inside [from, to): a step's deadline
   * depends on the events before it, which may lie before the period.
   */
  async eventsOfCasesActiveBetween(from: string, to: string): Promise<MeasureEventRow[]> {
    const { db } = this.database;
    return db
      .selectFrom('case_events as e')
      .innerJoin('cases as c', 'c.id', 'e.case_id')
      .select([
        'e.case_id',
        'e.seq',
        'e.type',
        'e.at',
        'e.actor_unit_id',
        'e.payload_json',
        'c.demand_type',
        'c.urgency',
      ])
      .where('e.type', 'in', COUNTED_EVENT_TYPES)
      .where('e.case_id', 'in', (sub) =>
        sub
          .selectFrom('case_events')
          .select('case_id')
          .where('at', '>=', from)
          .where('at', '<', to)
          .where('type', 'in', COUNTED_EVENT_TYPES),
      )
      .where('e.at', '<', to)
      .orderBy('e.case_id')
      .orderBy('e.seq')
      .execute();
  }

  async units(ids?: readonly string[]): Promise<UnitRow[]> {
    if (ids && ids.length === 0) return [];
    let query = this.database.db.selectFrom('units').select(['id', 'code', 'name', 'kind', 'parent_id', 'area_code']);
    // Measures name every unit that worked in the period, even one deactivated since.
    query = ids ? query.where('id', 'in', ids) : query.where('active', '=', 1);
    return query.orderBy('code').execute();
  }
}
