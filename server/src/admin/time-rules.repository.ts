// SQL for the rules deadlines are computed from: the time-limit policy (settings row) and the
// calendar overrides. Edits write their audit entry in the same transaction.
import { Injectable } from '@nestjs/common';
import type { Selectable, Transaction } from 'kysely';
import type { CalendarOverridesTable, DB, SettingsTable } from '../database/schema';
import { AuditedRepository, type AuditInput } from './admin-audit.repository';

export const POLICY_SETTING_KEY = 'time_limit_policy';
export const OFFICE_HOURS_SETTING_KEY = 'office_hours';

export type CalendarOverrideRow = Selectable<CalendarOverridesTable>;
export type SettingRow = Selectable<SettingsTable>;
/** A settings save after its key: the value, when, by whom, its audit entry (given the row before) and the version the editor saw. */
type SettingSave = [
  value: string,
  at: string,
  actorId: string,
  audit: (before: SettingRow | undefined) => AuditInput,
  expectedVersion?: number,
];

@Injectable()
export class TimeRulesRepository extends AuditedRepository {
  findPolicySetting(): Promise<SettingRow | undefined> {
    return this.findSetting(POLICY_SETTING_KEY);
  }

  findSetting(key: string): Promise<SettingRow | undefined> {
    return this.db.selectFrom('settings').selectAll().where('key', '=', key).executeTakeFirst();
  }

  savePolicy(...save: SettingSave): Promise<SettingRow | undefined> {
    return this.saveSetting(POLICY_SETTING_KEY, ...save);
  }

  /**
   * Writes one settings row and its audit entry in one transaction. Undefined when the row is no
   * longer at `expectedVersion` (0: not saved yet), i.e. someone else saved it meanwhile.
   */
  async saveSetting(key: string, ...[value, at, actorId, audit, expectedVersion]: SettingSave): Promise<SettingRow | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const before = await trx.selectFrom('settings').selectAll().where('key', '=', key).executeTakeFirst();
      const seen = expectedVersion ?? before?.version ?? 0;
      if (seen !== (before?.version ?? 0)) return undefined;
      const written = before
        ? await trx
            .updateTable('settings')
            .set({ value, updated_at: at, updated_by: actorId, version: seen + 1 })
            .where('key', '=', key)
            .where('version', '=', seen)
            .executeTakeFirst()
            .then((r) => Number(r.numUpdatedRows))
        : await trx
            .insertInto('settings')
            .values({ key, value, updated_at: at, updated_by: actorId, version: 1 })
            .onConflict((oc) => oc.column('key').doNothing())
            .executeTakeFirst()
            .then((r) => Number(r.numInsertedOrUpdatedRows ?? 0n));
      if (written !== 1) return undefined;
      await this.audit.append(trx, audit(before));
      return trx.selectFrom('settings').selectAll().where('key', '=', key).executeTakeFirstOrThrow();
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

  /**
   * Upserts one day with its audit entry. `conflict` when the day is no longer at
   * `expectedVersion` (0: it had no override), i.e. someone else changed it meanwhile.
   */
  async putOverride(
    day: Pick<CalendarOverrideRow, 'date' | 'kind' | 'note' | 'updated_at'>,
    actorId: string,
    expectedVersion?: number,
  ): Promise<CalendarOverrideRow | 'conflict'> {
    return this.db.transaction().execute(async (trx) => {
      const before = await this.findOverride(trx, day.date);
      const seen = expectedVersion ?? before?.version ?? 0;
      if (seen !== (before?.version ?? 0)) return 'conflict';
      const written = before
        ? await trx
            .updateTable('calendar_overrides')
            .set({ kind: day.kind, note: day.note, updated_at: day.updated_at, version: seen + 1 })
            .where('date', '=', day.date)
            .where('version', '=', seen)
            .executeTakeFirst()
            .then((r) => Number(r.numUpdatedRows))
        : await trx
            .insertInto('calendar_overrides')
            .values({ ...day, version: 1 })
            .onConflict((oc) => oc.column('date').doNothing())
            .executeTakeFirst()
            .then((r) => Number(r.numInsertedOrUpdatedRows ?? 0n));
      if (written !== 1) return 'conflict';
      const after = await this.findOverride(trx, day.date);
      await this.audit.append(trx, {
        at: day.updated_at,
        actorId,
        entity: 'calendar',
        entityKey: day.date,
        action: before ? 'update' : 'create',
        before: before ?? null,
        after,
      });
      return after!;
    });
  }

  /**
   * Deletes one day with its audit entry: the deleted row, undefined when there was none, `conflict`
   * when it is no longer at `expectedVersion`.
   */
  async deleteOverride(
    date: string,
    at: string,
    actorId: string,
    expectedVersion?: number,
  ): Promise<CalendarOverrideRow | 'conflict' | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const before = await this.findOverride(trx, date);
      if (!before) return undefined;
      if (expectedVersion !== undefined && expectedVersion !== before.version) return 'conflict';
      const deleted = await trx
        .deleteFrom('calendar_overrides')
        .where('date', '=', date)
        .where('version', '=', before.version)
        .executeTakeFirst();
      if (Number(deleted.numDeletedRows) !== 1) return 'conflict';
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
