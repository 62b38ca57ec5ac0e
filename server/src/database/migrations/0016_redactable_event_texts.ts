// Retention must be able to scrub a filer's name, number and address out of case event texts, and
// the audit trail must still hold. So an event's chained hash now covers a keyed digest of its
// payload (payload_digest) rather than the payload itself, and the UPDATE guard lets exactly one
// change through: a new payload_json (nothing else) on an event of a case whose chain already
// holds a later `anonymise` event. That event lists the digest of every scrubbed payload, so
// verification accepts a scrubbed payload only when the keyed record says so. Events written
// before this migration have no digest and stay as they are.
import { type Kysely, sql } from 'kysely';
import { isPostgres } from './dialect';

const UNCHANGED = [
  'id', 'case_id', 'seq', 'type', 'from_status', 'to_status', 'actor_kind', 'actor_user_id', 'actor_role',
  'actor_unit_id', 'at', 'visibility', 'prev_hash', 'hash', 'payload_digest',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('case_events').addColumn('payload_digest', 'varchar(64)').execute();
  await installCaseEventGuards(db);
}

/** The row guards of case_events: DELETE refused, UPDATE refused but for a retention scrub. */
export async function installCaseEventGuards(db: Kysely<unknown>): Promise<void> {
  const anonymisedLater = `exists (select 1 from case_events a where a.case_id = old.case_id and a.type = 'anonymise' and a.id > old.id)`;
  if (isPostgres(db)) {
    const same = `(${UNCHANGED.map((c) => `new.${c}`).join(', ')}) is not distinct from (${UNCHANGED.map((c) => `old.${c}`).join(', ')})`;
    await sql`create or replace function case_events_append_only() returns trigger language plpgsql as $$
      begin
        if tg_op = 'UPDATE' then
          if old.payload_digest is not null and ${sql.raw(same)} and ${sql.raw(anonymisedLater)} then
            return new;
          end if;
        end if;
        raise exception 'case_events is append-only';
      end $$`.execute(db);
    return;
  }
  const same = UNCHANGED.map((c) => `new.${c} is old.${c}`).join(' and ');
  await sql`drop trigger if exists case_events_no_update`.execute(db);
  await sql`create trigger case_events_no_update before update on case_events
    when not (old.payload_digest is not null and ${sql.raw(same)} and ${sql.raw(anonymisedLater)})
    begin select raise(abort, 'case_events is append-only'); end`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (isPostgres(db)) {
    await sql`create or replace function case_events_append_only() returns trigger language plpgsql as $$
      begin raise exception 'case_events is append-only'; end $$`.execute(db);
  } else {
    await sql`drop trigger if exists case_events_no_update`.execute(db);
    await sql`create trigger case_events_no_update before update on case_events
      begin select raise(abort, 'case_events is append-only'); end`.execute(db);
  }
  await db.schema.alterTable('case_events').dropColumn('payload_digest').execute();
}
