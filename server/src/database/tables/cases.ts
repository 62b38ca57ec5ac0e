// Row types of the case queue: cases, their append-only events, followers and unit links.
import type { ColumnType, Generated } from 'kysely';

export interface CasesTable {
  id: string;
  tracking_number: string;
  /** Optimistic concurrency: every transition bumps it; a stale writer gets 409 CONFLICT. */
  version: number;
  status: string;
  deadline_state: string;
  supervised: number;
  problem: number;
  extension_pending: number;
  reopen_pending: number;
  demand_type: string;
  urgency: string;
  channel: string;
  category_code: string | null;
  description: string;
  address: string | null;
  /** WGS-84, whatever the client sent (see location_crs). */
  lat: number | null;
  lng: number | null;
  location_accuracy_m: number | null;
  location_crs: string | null;
  township_code: string | null;
  village_code: string | null;
  filer_user_id: string | null;
  contact_name: string | null;
  contact_phone_enc: string | null;
  contact_phone_hash: string | null;
  anonymous: number;
  consent_version: string | null;
  call_id: string | null;
  callback_wanted: number;
  lead_unit_id: string | null;
  assignee_unit_id: string | null;
  responsible_township_unit_id: string | null;
  step: string | null;
  step_started_at: string | null;
  warn_at: string | null;
  due_at: string | null;
  parent_case_id: string | null;
  media_ids: string;
  /** Answers to the category's questions (core StoredAnswer[]) as JSON. */
  answers_json: string;
  /** 1 when the filer agreed to publication as a typical case; withdrawable. */
  publish_consent: number;
  publish_consent_at: string | null;
  /** The core CaseState the state machine reads and writes, as JSON. */
  state_json: string;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
  /** When retention removed the filer's personal data; null while the case still holds it. */
  anonymised_at: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface CaseEventsTable {
  id: Generated<number>;
  case_id: string;
  seq: number;
  type: string;
  from_status: string | null;
  to_status: string;
  actor_kind: string;
  actor_user_id: string | null;
  actor_role: string;
  actor_unit_id: string | null;
  at: string;
  payload_json: string;
  /**
   * Keyed digest of payload_json as written; the chained hash covers it, so retention may scrub the
   * payload's personal data (recorded by a later `anonymise` event). Null on events from before.
   */
  payload_digest: string | null;
  /** 'public': the resident sees it on the timeline; 'internal': staff only. */
  visibility: string;
  prev_hash: string | null;
  hash: string;
}

/**
 * One row, written by migration 0015: events with ids up to `through_event_id` were hashed by the
 * unkeyed rule of the releases before 0011 and are verified by it.
 */
export interface AuditLegacyBoundaryTable {
  through_event_id: number;
  recorded_at: string;
}

export interface CaseFollowersTable {
  case_id: string;
  user_id: string;
  created_at: string;
}

export interface CaseUnitLinksTable {
  case_id: string;
  unit_id: string;
  /** lead | assist | assignee | responsible */
  role: string;
}

/** How many cases a unit ('' = the whole county) holds with one combination of the queue columns. */
export interface QueueCountsTable {
  unit_id: string;
  status: string;
  deadline_state: string;
  extension_pending: number;
  problem: number;
  supervised: number;
  reopen_pending: number;
  n: number;
}

export interface CaseTables {
  cases: CasesTable;
  case_events: CaseEventsTable;
  case_followers: CaseFollowersTable;
  case_unit_links: CaseUnitLinksTable;
  audit_legacy_boundary: AuditLegacyBoundaryTable;
  queue_counts: QueueCountsTable;
}

export type { ColumnType };
