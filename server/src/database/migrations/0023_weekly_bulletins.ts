// The weekly bulletin: one row per Monday–Sunday week (the unique week is what lets several
// instances and restarts build it once), its figures kept as issued. Its inbox messages are about
// no single case, so an inbox item's case becomes optional.
import { sql, type Kysely } from 'kysely';
import { autoIdColumn, autoIdType, isPostgres } from './dialect';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('weekly_bulletins')
    .addColumn('id', autoIdType(db), autoIdColumn(db))
    .addColumn('week_start', 'varchar(10)', (c) => c.notNull().unique())
    .addColumn('week_end', 'varchar(10)', (c) => c.notNull())
    .addColumn('built_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('filed', 'integer', (c) => c.notNull())
    .addColumn('change', 'double precision')
    .addColumn('content_json', 'text', (c) => c.notNull())
    .execute();

  if (isPostgres(db)) {
    await sql`alter table notification_inbox alter column case_id drop not null`.execute(db);
    return;
  }
  // SQLite cannot drop NOT NULL in place: the table is copied into one without it.
  await sql`create table notification_inbox_new (
    id integer primary key autoincrement,
    user_id varchar(36) not null references users(id),
    case_id varchar(36) references cases(id),
    event_id bigint not null,
    kind varchar(32) not null,
    title varchar(100) not null,
    body varchar(500) not null,
    link varchar(300) not null,
    created_at varchar(30) not null,
    read_at varchar(30),
    constraint notification_inbox_once_uq unique (event_id, kind, user_id)
  )`.execute(db);
  await sql`insert into notification_inbox_new select id, user_id, case_id, event_id, kind, title, body, link, created_at, read_at from notification_inbox`.execute(db);
  await sql`drop table notification_inbox`.execute(db);
  await sql`alter table notification_inbox_new rename to notification_inbox`.execute(db);
  await sql`create index notification_inbox_user_idx on notification_inbox (user_id, id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('weekly_bulletins').execute();
}
