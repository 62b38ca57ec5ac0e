// The case queue: one table of cases (with the columns queues filter and sort on), the
// append-only hash-chained event log, followers, and the units each case is linked to.
import type { Kysely } from 'kysely';
import { autoIdColumn, autoIdType } from './dialect';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('cases')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('tracking_number', 'varchar(20)', (c) => c.notNull().unique())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('deadline_state', 'varchar(8)', (c) => c.notNull())
    .addColumn('supervised', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('problem', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('extension_pending', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('reopen_pending', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('demand_type', 'varchar(16)', (c) => c.notNull())
    .addColumn('urgency', 'varchar(8)', (c) => c.notNull())
    .addColumn('channel', 'varchar(8)', (c) => c.notNull())
    .addColumn('category_code', 'varchar(32)', (c) => c.references('categories.code'))
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('address', 'varchar(300)')
    .addColumn('lat', 'double precision')
    .addColumn('lng', 'double precision')
    .addColumn('location_accuracy_m', 'double precision')
    .addColumn('location_crs', 'varchar(8)')
    .addColumn('township_code', 'varchar(32)')
    .addColumn('village_code', 'varchar(32)')
    .addColumn('filer_user_id', 'varchar(36)', (c) => c.references('users.id'))
    .addColumn('contact_name', 'varchar(100)')
    .addColumn('contact_phone_enc', 'text')
    .addColumn('contact_phone_hash', 'varchar(64)')
    .addColumn('anonymous', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('consent_version', 'varchar(32)')
    .addColumn('call_id', 'varchar(64)')
    .addColumn('callback_wanted', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('lead_unit_id', 'varchar(36)', (c) => c.references('units.id'))
    .addColumn('assignee_unit_id', 'varchar(36)', (c) => c.references('units.id'))
    .addColumn('responsible_township_unit_id', 'varchar(36)', (c) => c.references('units.id'))
    .addColumn('step', 'varchar(12)')
    .addColumn('step_started_at', 'varchar(30)')
    .addColumn('warn_at', 'varchar(30)')
    .addColumn('due_at', 'varchar(30)')
    .addColumn('parent_case_id', 'varchar(36)', (c) => c.references('cases.id'))
    .addColumn('media_ids', 'text', (c) => c.notNull())
    .addColumn('state_json', 'text', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('closed_at', 'varchar(30)')
    .execute();
  // Queues filter by status / unit / deadline state and sort by deadline (keyset on due_at, id).
  await db.schema.createIndex('cases_status_due_idx').on('cases').columns(['status', 'due_at', 'id']).execute();
  await db.schema.createIndex('cases_assignee_due_idx').on('cases').columns(['assignee_unit_id', 'status', 'due_at', 'id']).execute();
  await db.schema.createIndex('cases_responsible_due_idx').on('cases').columns(['responsible_township_unit_id', 'status', 'due_at', 'id']).execute();
  await db.schema.createIndex('cases_deadline_state_due_idx').on('cases').columns(['deadline_state', 'due_at', 'id']).execute();
  await db.schema.createIndex('cases_filer_created_idx').on('cases').columns(['filer_user_id', 'created_at', 'id']).execute();
  await db.schema.createIndex('cases_category_created_idx').on('cases').columns(['category_code', 'created_at']).execute();
  await db.schema.createIndex('cases_contact_phone_idx').on('cases').columns(['contact_phone_hash', 'created_at']).execute();

  await db.schema
    .createTable('case_events')
    .addColumn('id', autoIdType(db), autoIdColumn(db))
    .addColumn('case_id', 'varchar(36)', (c) => c.notNull().references('cases.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('type', 'varchar(32)', (c) => c.notNull())
    .addColumn('from_status', 'varchar(16)')
    .addColumn('to_status', 'varchar(16)', (c) => c.notNull())
    .addColumn('actor_kind', 'varchar(12)', (c) => c.notNull())
    .addColumn('actor_user_id', 'varchar(36)')
    .addColumn('actor_role', 'varchar(16)', (c) => c.notNull())
    .addColumn('actor_unit_id', 'varchar(36)')
    .addColumn('at', 'varchar(30)', (c) => c.notNull())
    .addColumn('payload_json', 'text', (c) => c.notNull())
    .addColumn('visibility', 'varchar(8)', (c) => c.notNull())
    .addColumn('prev_hash', 'varchar(64)')
    .addColumn('hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('chain_hash', 'varchar(64)', (c) => c.notNull())
    .addUniqueConstraint('case_events_case_seq_unique', ['case_id', 'seq'])
    .execute();

  await db.schema
    .createTable('case_followers')
    .addColumn('case_id', 'varchar(36)', (c) => c.notNull().references('cases.id'))
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addPrimaryKeyConstraint('case_followers_pk', ['case_id', 'user_id'])
    .execute();
  await db.schema.createIndex('case_followers_user_idx').on('case_followers').columns(['user_id', 'case_id']).execute();

  await db.schema
    .createTable('case_unit_links')
    .addColumn('case_id', 'varchar(36)', (c) => c.notNull().references('cases.id'))
    .addColumn('unit_id', 'varchar(36)', (c) => c.notNull().references('units.id'))
    .addColumn('role', 'varchar(12)', (c) => c.notNull())
    .addPrimaryKeyConstraint('case_unit_links_pk', ['case_id', 'unit_id', 'role'])
    .execute();
  await db.schema.createIndex('case_unit_links_unit_idx').on('case_unit_links').columns(['unit_id', 'case_id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['case_unit_links', 'case_followers', 'case_events', 'cases']) {
    await db.schema.dropTable(table).execute();
  }
}
