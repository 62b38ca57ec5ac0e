// Row types of the admin area: the append-only audit trail of admin edits, and the leases that
// let one of several API instances run the deadline scheduler at a time.
import type { Generated } from 'kysely';

export interface AdminAuditTable {
  id: Generated<number>;
  at: string;
  actor_id: string;
  entity: string;
  entity_key: string;
  action: 'create' | 'update' | 'delete';
  /** JSON of the row before the edit; null for a creation. */
  before_json: string | null;
  /** JSON of the row after the edit; null for a deletion. */
  after_json: string | null;
}

export interface SchedulerLeasesTable {
  name: string;
  holder: string;
  expires_at: string;
}

export interface AdminTables {
  admin_audit: AdminAuditTable;
  scheduler_leases: SchedulerLeasesTable;
}
