// The county's directory and configuration: areas, units, categories, the dispatch
// catalogue, the knowledge base, users, settings and the holiday calendar.
import type { Kysely } from 'kysely';
import { autoIdColumn, autoIdType } from './dialect';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('areas')
    .addColumn('code', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('parent_code', 'varchar(32)', (c) => c.references('areas.code'))
    .addColumn('geometry', 'text', (c) => c.notNull())
    .addColumn('min_lat', 'double precision', (c) => c.notNull())
    .addColumn('min_lng', 'double precision', (c) => c.notNull())
    .addColumn('max_lat', 'double precision', (c) => c.notNull())
    .addColumn('max_lng', 'double precision', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('units')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('code', 'varchar(32)', (c) => c.notNull().unique())
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('parent_id', 'varchar(36)', (c) => c.references('units.id'))
    .addColumn('area_code', 'varchar(32)', (c) => c.references('areas.code'))
    .addColumn('phone', 'varchar(32)')
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('units_parent_idx').on('units').column('parent_id').execute();

  await db.schema
    .createTable('categories')
    .addColumn('code', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .addColumn('parent_code', 'varchar(32)', (c) => c.references('categories.code'))
    .addColumn('depth', 'integer', (c) => c.notNull())
    .addColumn('is_leaf', 'integer', (c) => c.notNull())
    .addColumn('default_demand_type', 'varchar(16)')
    .addColumn('duty', 'varchar(16)')
    .addColumn('nearby_radius_m', 'integer', (c) => c.notNull().defaultTo(200))
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable('catalogue_rules')
    .addColumn('id', autoIdType(db), autoIdColumn(db))
    .addColumn('category_code', 'varchar(32)', (c) => c.notNull().references('categories.code'))
    .addColumn('area_code', 'varchar(32)', (c) => c.references('areas.code'))
    .addColumn('unit_id', 'varchar(36)', (c) => c.notNull().references('units.id'))
    .addColumn('role', 'varchar(8)', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('catalogue_rules_lookup_idx')
    .on('catalogue_rules')
    .columns(['category_code', 'area_code'])
    .execute();

  await db.schema
    .createTable('knowledge_entries')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('code', 'varchar(32)', (c) => c.notNull().unique())
    .addColumn('title', 'varchar(200)', (c) => c.notNull())
    .addColumn('answer', 'text', (c) => c.notNull())
    .addColumn('category_code', 'varchar(32)', (c) => c.references('categories.code'))
    .addColumn('keywords', 'text', (c) => c.notNull())
    .addColumn('search_text', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('users')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('role', 'varchar(16)', (c) => c.notNull())
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .addColumn('unit_id', 'varchar(36)', (c) => c.references('units.id'))
    .addColumn('username', 'varchar(64)', (c) => c.unique())
    .addColumn('phone_enc', 'text')
    .addColumn('phone_hash', 'varchar(64)')
    .addColumn('wechat_openid', 'varchar(64)', (c) => c.unique())
    .addColumn('wechat_unionid', 'varchar(64)')
    .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('users_phone_hash_idx').on('users').column('phone_hash').execute();
  await db.schema.createIndex('users_unit_idx').on('users').columns(['unit_id', 'role']).execute();

  await db.schema
    .createTable('settings')
    .addColumn('key', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_by', 'varchar(36)')
    .execute();

  await db.schema
    .createTable('calendar_overrides')
    .addColumn('date', 'varchar(10)', (c) => c.primaryKey())
    .addColumn('kind', 'varchar(8)', (c) => c.notNull())
    .addColumn('note', 'varchar(200)')
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('sequences')
    .addColumn('name', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('value', 'integer', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'sequences',
    'calendar_overrides',
    'settings',
    'users',
    'knowledge_entries',
    'catalogue_rules',
    'categories',
    'units',
    'areas',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
