// SQL of live-update streams: one-time tickets, their redemption (one statement, so a ticket opens
// one stream even when two instances try at once), the heartbeat, the count of open streams and the
// PostgreSQL announcement of a change to the other instances.
import { Injectable } from '@nestjs/common';
import { sql, type Selectable } from 'kysely';
import type { LiveStreamsTable } from '../database/schema';
import { KyselyRepository } from '../database/repository';

export type LiveStreamRow = Selectable<LiveStreamsTable>;

@Injectable()
export class LiveStreamsRepository extends KyselyRepository {
  /** PostgreSQL only: pg_notify on a pooled connection, outside any write transaction. */
  async notify(channel: string, payload: string): Promise<void> {
    await sql`select pg_notify(${channel}, ${payload})`.execute(this.db);
  }

  async insertTicket(row: Pick<LiveStreamRow, 'id' | 'user_id' | 'session_id' | 'role' | 'unit_id' | 'created_at' | 'expires_at'>): Promise<void> {
    await this.db.insertInto('live_streams').values(row).execute();
  }

  /** Spends an unexpired, unspent ticket and answers its row; undefined when there is none. */
  async redeem(id: string, at: string): Promise<LiveStreamRow | undefined> {
    const spent = await this.db
      .updateTable('live_streams')
      .set({ opened_at: at, seen_at: at })
      .where('id', '=', id)
      .where('opened_at', 'is', null)
      .where('expires_at', '>', at)
      .executeTakeFirst();
    if (Number(spent.numUpdatedRows) !== 1) return undefined;
    return this.db.selectFrom('live_streams').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Streams of a user still open on some instance (seen after `aliveSince`), `except` one. */
  async openCount(userId: string, aliveSince: string, except?: string): Promise<number> {
    let q = this.db
      .selectFrom('live_streams')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('user_id', '=', userId)
      .where('closed_at', 'is', null)
      .where('opened_at', 'is not', null)
      .where('seen_at', '>', aliveSince);
    if (except) q = q.where('id', '!=', except);
    return Number((await q.executeTakeFirstOrThrow()).n);
  }

  async touch(ids: string[], at: string): Promise<void> {
    for (let i = 0; i < ids.length; i += 500) {
      await this.db.updateTable('live_streams').set({ seen_at: at }).where('id', 'in', ids.slice(i, i + 500)).execute();
    }
  }

  async close(id: string, at: string): Promise<void> {
    await this.db.updateTable('live_streams').set({ closed_at: at, seen_at: at }).where('id', '=', id).execute();
  }

  /** Forgets tickets and streams that ended (or went unseen) before `before`. */
  async purge(before: string): Promise<void> {
    await this.db
      .deleteFrom('live_streams')
      .where((eb) =>
        eb.or([
          eb.and([eb('opened_at', 'is', null), eb('expires_at', '<', before)]),
          eb('seen_at', '<', before),
        ]),
      )
      .execute();
  }
}
