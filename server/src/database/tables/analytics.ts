// Row types of the analytics roll-ups: counts per Shanghai day × unit × category × township ×
// channel, kept in the same transaction as each case event, and what the roll-up remembers of
// each case between its events. Missing dimensions are '' (never NULL) so the key is one row.
export interface CaseRollupsTable {
  day: string;
  unit_id: string;
  category_code: string;
  township_code: string;
  channel: string;
  filed: number;
  accepted: number;
  dispatched: number;
  signed_in_time: number;
  replied: number;
  replied_on_time: number;
  reply_minutes: number;
  returned: number;
  reviewed: number;
  sent_back: number;
  rated: number;
  solved: number;
  satisfied: number;
  reopened: number;
  closed: number;
}

/** The same counters per day × unit alone: what unfiltered unit measures and trends read. */
export type UnitDayRollupsTable = Omit<CaseRollupsTable, 'category_code' | 'township_code' | 'channel'>;

/** The H3 cell (resolution 8, ~500 m) of each case filed with a point, for the hot-spot map. */
export interface CaseCellsTable {
  case_id: string;
  cell: string;
  day: string;
  category_code: string;
  township_code: string;
}

export interface CaseTalliesTable {
  case_id: string;
  /** The core CaseTally as JSON. */
  tally_json: string;
}

export interface AnalyticsTables {
  case_rollups: CaseRollupsTable;
  case_tallies: CaseTalliesTable;
  unit_day_rollups: UnitDayRollupsTable;
  case_cells: CaseCellsTable;
}
