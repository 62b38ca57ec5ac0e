// SQL for the rules deadlines are computed from: the time-limit policy (settings row) and the
// calendar overrides. Edits write their audit entry in the same transaction.
import { Inject, Injectable } from '@nestjs/common';
import type { Kysely, Selectable, Transaction } from 'kysely';
import { DATABASE } from '../database/database.module';
import type { Database } from '../database/database';
import type { CalendarOverridesTable, DB, SettingsTable } from '../database/schema';
import { AdminAuditRepository, type AuditInput } from './admin-audit.repository';

export const POLICY_SETTING_KEY = 'time_limit_policy';
export const OFFICE_HOURS_SETTING_KEY = 'office_hours';

export type CalendarOverrideRow = Selectable<CalendarOverridesTable>;
export type SettingRow = Selectable<SettingsTable>;

@Injectable()
export class TimeRulesRepository {
  private readonly db: Kysely<DB>;

  constructor(
    @Inject(DATABASE) database: Database,
    private readonly audit: AdminAuditRepository,
  ) {
    this.db = database.db;
  }

  findPolicySetting(): Promise<SettingRow | undefined> {
    return this.findSetting(POLICY_SETTING_KEY);
  }

  findSetting(key: string): Promise<SettingRow | undefined> {
    return this.db.selectFrom('settings').selectAll().where('key', '=', key).executeTakeFirst();
  }

  savePolicy(
    value: string,
    at: string,
    actorId: string,
    audit: (before: SettingRow | undefined) => AuditInput,
  ): Promise<void> {
    return this.saveSetting(POLICY_SETTING_KEY, value, at, actorId, audit);
  }

  /** Writes one settings row and its audit entry in one transaction. */
  async saveSetting(
    key: string,
    value: string,
    at: string,
    actorId: string,
    audit: (before: SettingRow | undefined) => AuditInput,
  ): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const before = await trx.selectFrom('settings').selectAll().where('key', '=', key).executeTakeFirst();
      if (before) {
        await trx
          .updateTable('settings')
          .set({ value, updated_at: at, updated_by: actorId })
          .where('key', '=', key)
          .execute();
      } else {
        await trx.insertInto('settings').values({ key, value, updated_at: at, updated_by: actorId }).execute();
      }
      await this.audit.append(trx, audit(before));
    });
  }

  allOverrides(): Promise<CalendarOverrideRow[]> {
    return this.db.selectFrom('calendar_overrides').selectAll().orderBy('date').execute();
  }

  overridesOfYear(year: number): Promise<CalendarOverrideRow[]> {
    return this.db
      .selectFrom('calendar_overrides')
      .selectAll()
      .where('date', '>=', `${year}-01-01`)
      .where('date', '<=', `${year}-12-31`)
      .orderBy('date')
      .execute();
  }

  /** Upserts one day; returns the row before (undefined when new). */
  async putOverride(row: CalendarOverrideRow, actorId: string): Promise<CalendarOverrideRow | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const before = await this.findOverride(trx, row.date);
      if (before) {
        await trx
          .updateTable('calendar_overrides')
          .set({ kind: row.kind, note: row.note, updated_at: row.updated_at })
          .where('date', '=', row.date)
          .execute();
      } else {
        await trx.insertInto('calendar_overrides').values(row).execute();
      }
      await this.audit.append(trx, {
        at: row.updated_at,
        actorId,
        entity: 'calendar',
        entityKey: row.date,
        action: before ? 'update' : 'create',
        before: before ?? null,
        after: row,
      });
      return before;
    });
  }

  /** Deletes one day; returns the deleted row, undefined when there was none. */
  async deleteOverride(date: string, at: string, actorId: string): Promise<CalendarOverrideRow | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const before = await this.findOverride(trx, date);
      if (!before) return undefined;
      await trx.deleteFrom('calendar_overrides').where('date', '=', date).execute();
      await this.audit.append(trx, {
        at,
        actorId,
        entity: 'calendar',
        entityKey: date,
        action: 'delete',
        before,
        after: null,
      });
      return before;
    });
  }

  private findOverride(trx: Transaction<DB>, date: string): Promise<CalendarOverrideRow | undefined> {
    return trx.selectFrom('calendar_overrides').selectAll().where('date', '=', date).executeTakeFirst();
  }
}
