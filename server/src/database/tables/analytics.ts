// Row types of the analytics roll-ups: counts per Shanghai day × unit × category × township ×
// channel, kept in the same transaction as each case event, and what the roll-up remembers of
// each case between its events. Missing dimensions are '' (never NULL) so the key is one row.
import type { ColumnType, Generated } from 'kysely';

/** A counter: 0 unless an insert names it. */
type Counter = ColumnType<number, number | undefined, number>;
export interface CaseRollupsTable {
  day: string;
  unit_id: string;
  category_code: string;
  township_code: string;
  channel: string;
  filed: Counter;
  accepted: Counter;
  dispatched: Counter;
  signed_in_time: Counter;
  replied: Counter;
  replied_on_time: Counter;
  reply_minutes: Counter;
  returned: Counter;
  reviewed: Counter;
  sent_back: Counter;
  rated: Counter;
  solved: Counter;
  satisfied: Counter;
  reopened: Counter;
  closed: Counter;
}

/** The same counters per day × unit alone: what unfiltered unit measures and trends read. */
export type UnitDayRollupsTable = Omit<CaseRollupsTable, 'category_code' | 'township_code' | 'channel'>;

/** Per day × township × channel: a township's or a channel's figures without reading every bucket. */
export type AreaDayRollupsTable = Omit<CaseRollupsTable, 'unit_id' | 'category_code'>;

/** Per day × category × channel: a category's figures without reading every bucket. */
export type CategoryDayRollupsTable = Omit<CaseRollupsTable, 'unit_id' | 'township_code'>;

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

/** A spike the scheduler found and announced (EARS C2), once per day × category × township. */
export interface AnalyticsSpikesTable {
  id: Generated<number>;
  day: string;
  category_code: string;
  township_code: string;
  count: number;
  mean: number;
  sd: number;
  threshold: number;
  detected_at: string;
}

/** A repeated demand: same-category cases close together within 30 days. */
export interface RepeatClustersTable {
  id: Generated<number>;
  category_code: string;
  unit_id: string | null;
  township_code: string | null;
  radius_m: number;
  size: number;
  first_filed_at: string;
  last_filed_at: string;
  created_at: string;
}

/** 每月一题: one matter per month. */
export interface MonthlyTopicsTable {
  id: Generated<number>;
  month: string;
  category_code: string;
  township_code: string | null;
  title: string;
  created_by: string;
  created_at: string;
}

/** A weekly bulletin as issued: its figures (core BulletinContent) as JSON, one row per week. */
export interface WeeklyBulletinsTable {
  id: Generated<number>;
  week_start: string;
  week_end: string;
  built_at: string;
  filed: number;
  change: number | null;
  content_json: string;
}

export interface AnalyticsTables {
  weekly_bulletins: WeeklyBulletinsTable;
  monthly_topics: MonthlyTopicsTable;
  analytics_spikes: AnalyticsSpikesTable;
  repeat_clusters: RepeatClustersTable;
  repeat_members: { case_id: string; cluster_id: number; joined_at: string };
  repeat_scanned: { case_id: string; scanned_at: string };
  case_rollups: CaseRollupsTable;
  case_tallies: CaseTalliesTable;
  unit_day_rollups: UnitDayRollupsTable;
  area_day_rollups: AreaDayRollupsTable;
  category_day_rollups: CategoryDayRollupsTable;
  case_cells: CaseCellsTable;
}
