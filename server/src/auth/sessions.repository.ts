// SQL for sessions: rotating refresh tokens (by family) and SMS sign-in codes.
import { Injectable } from '@nestjs/common';
import type { Selectable } from 'kysely';
import type { RefreshTokensTable, SmsCodesTable } from '../database/schema';
import { KyselyRepository } from '../database/repository';

export type RefreshTokenRow = Selectable<RefreshTokensTable>;
export type SmsCodeRow = Selectable<SmsCodesTable>;

@Injectable()
export class SessionsRepository extends KyselyRepository {
  async insertRefreshToken(row: RefreshTokenRow): Promise<void> {
    await this.db.insertInto('refresh_tokens').values(row).execute();
  }

  /** A session stands while its family has an unrevoked token and its user is not disabled. */
  async isSessionLive(familyId: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('refresh_tokens')
      .innerJoin('users', 'users.id', 'refresh_tokens.user_id')
      .select('refresh_tokens.id')
      .where('refresh_tokens.family_id', '=', familyId)
      .where('refresh_tokens.revoked_at', 'is', null)
      .where('users.disabled', '=', 0)
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }

  findRefreshToken(id: string): Promise<RefreshTokenRow | undefined> {
    return this.db.selectFrom('refresh_tokens').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Marks a token used; false if someone used it first (then it is a reuse). */
  async markUsed(id: string, at: string): Promise<boolean> {
    const res = await this.db
      .updateTable('refresh_tokens')
      .set({ used_at: at })
      .where('id', '=', id)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  async revokeFamily(familyId: string, at: string): Promise<void> {
    await this.db
      .updateTable('refresh_tokens')
      .set({ revoked_at: at })
      .where('family_id', '=', familyId)
      .where('revoked_at', 'is', null)
      .execute();
  }

  /** A new code replaces every earlier unused one for the number. */
  async replaceSmsCode(row: SmsCodeRow): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('sms_codes')
        .set({ consumed_at: row.created_at })
        .where('phone_hash', '=', row.phone_hash)
        .where('consumed_at', 'is', null)
        .execute();
      await trx.insertInto('sms_codes').values(row).execute();
    });
  }

  async deleteSmsCode(id: string): Promise<void> {
    await this.db.deleteFrom('sms_codes').where('id', '=', id).execute();
  }

  latestOpenSmsCode(phoneHash: string): Promise<SmsCodeRow | undefined> {
    return this.db
      .selectFrom('sms_codes')
      .selectAll()
      .where('phone_hash', '=', phoneHash)
      .where('consumed_at', 'is', null)
      .orderBy('created_at', 'desc')
      .limit(1)
      .executeTakeFirst();
  }

  /**
   * Claims one try at the code in a single statement, so concurrent guesses can never exceed
   * `maxAttempts`; returns the tries so far, or null when none is left (or the code is used up).
   */
  async claimSmsAttempt(id: string, maxAttempts: number): Promise<number | null> {
    const row = await this.db
      .updateTable('sms_codes')
      .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
      .where('id', '=', id)
      .where('attempts', '<', maxAttempts)
      .where('consumed_at', 'is', null)
      .returning('attempts')
      .executeTakeFirst();
    return row ? Number(row.attempts) : null;
  }

  /** The last wrong try used the code up. */
  async lockSmsCode(id: string, at: string): Promise<void> {
    await this.db.updateTable('sms_codes').set({ consumed_at: at }).where('id', '=', id).where('consumed_at', 'is', null).execute();
  }

  /** Uses the code up; false if it was already used (single use even under a race). */
  async consumeSmsCode(id: string, at: string): Promise<boolean> {
    const res = await this.db
      .updateTable('sms_codes')
      .set({ consumed_at: at })
      .where('id', '=', id)
      .where('consumed_at', 'is', null)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }
}
