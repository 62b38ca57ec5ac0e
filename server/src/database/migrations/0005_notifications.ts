// Notifications: inbox, outbox (unique per event, recipient and channel, so a message is queued
// once), send attempts, WeChat subscription choices and browser push subscriptions.
import type { Kysely } from 'kysely';
import { autoIdColumn, autoIdType } from './dialect';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('notification_inbox')
    .addColumn('id', autoIdType(db), autoIdColumn(db))
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('users.id'))
    .addColumn('case_id', 'varchar(36)', (c) => c.notNull().references('cases.id'))
    .addColumn('event_id', 'bigint', (c) => c.notNull())
    .addColumn('kind', 'varchar(32)', (c) => c.notNull())
    .addColumn('title', 'varchar(100)', (c) => c.notNull())
    .addColumn('body', 'varchar(500)', (c) => c.notNull())
    .addColumn('link', 'varchar(300)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('read_at', 'varchar(30)')
    .addUniqueConstraint('notification_inbox_once_uq', ['event_id', 'kind', 'user_id'])
    .execute();
  await db.schema.createIndex('notification_inbox_user_idx').on('notification_inbox').columns(['user_id', 'id']).execute();

  await db.schema
    .createTable('notification_outbox')
    .addColumn('id', autoIdType(db), autoIdColumn(db))
    .addColumn('event_id', 'bigint', (c) => c.notNull())
    .addColumn('case_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('kind', 'varchar(32)', (c) => c.notNull())
    .addColumn('recipient', 'varchar(80)', (c) => c.notNull())
    .addColumn('user_id', 'varchar(36)')
    .addColumn('channel', 'varchar(8)', (c) => c.notNull())
    .addColumn('status', 'varchar(12)', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('lease_owner', 'varchar(64)')
    .addColumn('lease_until', 'varchar(30)')
    .addColumn('payload_json', 'text', (c) => c.notNull())
    .addColumn('last_error', 'varchar(500)')
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('sent_at', 'varchar(30)')
    .addUniqueConstraint('notification_outbox_once_uq', ['event_id', 'kind', 'recipient', 'channel'])
    .execute();
  await db.schema.createIndex('notification_outbox_due_idx').on('notification_outbox').columns(['status', 'next_attempt_at', 'id']).execute();
  await db.schema.createIndex('notification_outbox_lease_idx').on('notification_outbox').columns(['status', 'lease_until']).execute();

  await db.schema
    .createTable('notification_attempts')
    .addColumn('id', autoIdType(db), autoIdColumn(db))
    .addColumn('outbox_id', 'bigint', (c) => c.notNull())
    .addColumn('attempt', 'integer', (c) => c.notNull())
    .addColumn('worker', 'varchar(64)', (c) => c.notNull())
    .addColumn('started_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('finished_at', 'varchar(30)')
    .addColumn('outcome', 'varchar(12)', (c) => c.notNull())
    .addColumn('error', 'varchar(500)')
    .execute();
  await db.schema.createIndex('notification_attempts_outbox_idx').on('notification_attempts').columns(['outbox_id', 'attempt']).execute();

  await db.schema
    .createTable('wechat_subscriptions')
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('users.id'))
    .addColumn('template_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('kind', 'varchar(10)', (c) => c.notNull())
    .addColumn('choice', 'varchar(8)', (c) => c.notNull())
    .addColumn('remaining', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .addPrimaryKeyConstraint('wechat_subscriptions_pk', ['user_id', 'template_id'])
    .execute();

  await db.schema
    .createTable('push_subscriptions')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('users.id'))
    .addColumn('endpoint', 'varchar(1000)', (c) => c.notNull().unique())
    .addColumn('p256dh', 'varchar(200)', (c) => c.notNull())
    .addColumn('auth', 'varchar(100)', (c) => c.notNull())
    .addColumn('user_agent', 'varchar(300)')
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('push_subscriptions_user_idx').on('push_subscriptions').column('user_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['push_subscriptions', 'wechat_subscriptions', 'notification_attempts', 'notification_outbox', 'notification_inbox']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
