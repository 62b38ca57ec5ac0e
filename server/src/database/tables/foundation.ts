// Row types of the foundation tables (directory and configuration), as Kysely sees them. Times are ISO-8601 UTC strings on both
// dialects (see docs/decisions/0003-time-and-ids.md); flags are 0/1 integers.
import type { Role } from '@hotline/core';
import type { ColumnType, Generated } from 'kysely';

export interface AreasTable {
  code: string;
  name: string;
  kind: 'township' | 'village';
  parent_code: string | null;
  /** GeoJSON Polygon or MultiPolygon, WGS-84. */
  geometry: string;
  min_lat: number;
  min_lng: number;
  max_lat: number;
  max_lng: number;
}

export interface UnitsTable {
  id: string;
  code: string;
  name: string;
  kind: 'centre' | 'department' | 'township' | 'village';
  parent_id: string | null;
  area_code: string | null;
  phone: string | null;
  active: ColumnType<number, number | undefined, number>;
  created_at: string;
  /** Bumped by every admin edit; an edit that names an older one is refused. */
  version: ColumnType<number, number | undefined, number>;
}

export interface CategoriesTable {
  code: string;
  name: string;
  parent_code: string | null;
  depth: number;
  is_leaf: number;
  default_demand_type: string | null;
  duty: 'county' | 'township' | null;
  nearby_radius_m: number;
  sort_order: number;
  /** Bumped by every admin edit; an edit that names an older one is refused. */
  version: ColumnType<number, number | undefined, number>;
  /** The category's questions (core CategoryQuestion[]) as JSON, in the order they are asked. */
  questions_json: ColumnType<string, string | undefined, string>;
}

export interface CatalogueRulesTable {
  id: Generated<number>;
  category_code: string;
  area_code: string | null;
  unit_id: string;
  role: 'lead' | 'assist';
}

export interface KnowledgeEntriesTable {
  id: string;
  code: string;
  title: string;
  answer: string;
  category_code: string | null;
  keywords: string;
  /** Lower-cased title + keywords + answer: what the knowledge search scans. */
  search_text: string;
  active: ColumnType<number, number | undefined, number>;
  updated_at: string;
}

export interface UsersTable {
  id: string;
  role: Role;
  name: string;
  unit_id: string | null;
  username: string | null;
  phone_enc: string | null;
  phone_hash: string | null;
  wechat_openid: string | null;
  wechat_unionid: string | null;
  disabled: ColumnType<number, number | undefined, number>;
  created_at: string;
  /** Bumped by every admin edit; an edit that names an older one is refused. */
  version: ColumnType<number, number | undefined, number>;
  /** A new session (not a token renewal); null until the first. */
  last_sign_in_at: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface SettingsTable {
  key: string;
  value: string;
  updated_at: string;
  updated_by: string | null;
  /** Bumped by every save; an edit naming an older one is refused (0 = never saved). */
  version: Generated<number>;
}

export interface CalendarOverridesTable {
  date: string;
  kind: 'holiday' | 'workday';
  note: string | null;
  updated_at: string;
  /** Bumped by every change of the day; an edit naming an older one is refused (0 = no override). */
  version: Generated<number>;
}

export interface SequencesTable {
  name: string;
  value: number;
}

export interface Open311KeysTable {
  id: string;
  name: string;
  prefix: string;
  /** sha256 of the key; the key itself is shown once when created and never stored. */
  key_hash: string;
  requests_per_minute: number;
  created_at: string;
  created_by: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface FoundationTables {
  areas: AreasTable;
  units: UnitsTable;
  categories: CategoriesTable;
  catalogue_rules: CatalogueRulesTable;
  knowledge_entries: KnowledgeEntriesTable;
  users: UsersTable;
  settings: SettingsTable;
  calendar_overrides: CalendarOverridesTable;
  sequences: SequencesTable;
  open311_keys: Open311KeysTable;
}
