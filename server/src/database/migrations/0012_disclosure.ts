// Typical cases made public: the resident's consent on the case, and the moderated copy that is
// the only thing the public pages read.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('cases').addColumn('publish_consent', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('cases').addColumn('publish_consent_at', 'varchar(30)').execute();
  await db.schema
    .createTable('published_cases')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('case_id', 'varchar(36)', (c) => c.notNull().unique().references('cases.id'))
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('filer_title', 'varchar(8)', (c) => c.notNull())
    .addColumn('title', 'varchar(100)', (c) => c.notNull())
    .addColumn('category_code', 'varchar(32)')
    .addColumn('township_code', 'varchar(32)')
    .addColumn('road', 'varchar(200)')
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('reply', 'text')
    .addColumn('reply_unit_name', 'varchar(100)')
    .addColumn('steps_json', 'text', (c) => c.notNull())
    .addColumn('photos_json', 'text', (c) => c.notNull())
    .addColumn('photo_keys_json', 'text', (c) => c.notNull())
    .addColumn('lat', 'double precision')
    .addColumn('lng', 'double precision')
    .addColumn('filed_date', 'varchar(10)', (c) => c.notNull())
    .addColumn('closed_date', 'varchar(10)')
    .addColumn('created_by', 'varchar(36)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('published_at', 'varchar(30)')
    .addColumn('unpublished_at', 'varchar(30)')
    .execute();
  await db.schema.createIndex('published_cases_public_idx').on('published_cases').columns(['status', 'published_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('published_cases').execute();
  await db.schema.alterTable('cases').dropColumn('publish_consent_at').execute();
  await db.schema.alterTable('cases').dropColumn('publish_consent').execute();
}
