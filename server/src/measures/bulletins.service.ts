// The weekly bulletin (周报): each scheduler tick from Monday on builds last week's (Monday–Sunday,
// Asia/Shanghai) once — the week is the table's unique key, so several instances and restarts
// issue it once — stores its figures as issued, and tells the leaders (the roles holding
// 'bulletins.read') in their inbox. Its PDF is drawn from the stored figures on request.
import { Injectable, Logger } from '@nestjs/common';
import {
  bulletinWeekOf,
  DomainError,
  emptyRollupCounts,
  ErrorCode,
  ratesOf,
  reportLinkFor,
  rollupCounters,
  shanghaiDate,
  type Bulletin,
  type BulletinContent,
  type BulletinsResponse,
  type MeasureRow,
  type RollupCounts,
} from '@hotline/core';
import { requirePermission } from '../auth/permission';
import type { Principal } from '../auth/tokens';
import { BulletinsRepository, type BulletinRow } from './bulletins.repository';
import { formatChange, renderBulletinPdf } from './bulletins.pdf';
import { DirectoryRepository } from '../directory/directory.repository';
import { MeasuresService } from './measures.service';

export const BULLETIN_INBOX_KIND = 'bulletin';
const TOP = 5;
const DAY_MS = 86_400_000;

type Week = ReturnType<typeof bulletinWeekOf>;

@Injectable()
export class BulletinsService {
  private readonly logger = new Logger(BulletinsService.name);

  constructor(
    private readonly repository: BulletinsRepository,
    private readonly measures: MeasuresService,
    private readonly names: DirectoryRepository,
  ) {}

  /** Builds the bulletin of the week before `now`'s Shanghai week unless it exists; answers 1 when this call issued it. */
  async buildDue(now: Date = new Date()): Promise<number> {
    const week = bulletinWeekOf(shanghaiDate(now));
    if (await this.repository.exists(week.weekStart)) return 0;
    const content = await this.compose(week);
    const recipients = await this.repository.recipients();
    const at = now.toISOString();
    const id = await this.repository.insertOnce(
      {
        week_start: week.weekStart,
        week_end: week.weekEnd,
        built_at: at,
        filed: content.volume.filed,
        change: content.volume.change,
        content_json: JSON.stringify(content),
      },
      (bulletinId) =>
        recipients.map((user) => ({
          user_id: user.id,
          case_id: null,
          event_id: bulletinId,
          kind: BULLETIN_INBOX_KIND,
          title: `热线周报：${week.weekStart}至${week.weekEnd}`,
          body: `上周受理${content.volume.filed}件，${formatChange(content.volume.change)}；突增预警${content.spikes.length}起，重复诉求${content.repeats.length}件，超期未办结${content.overdue.total}件。点击查看周报。`,
          link: reportLinkFor('bulletin', bulletinId),
          created_at: at,
          read_at: null,
        })),
    );
    if (id === undefined) return 0;
    this.logger.log(`bulletin ${week.weekStart}–${week.weekEnd} issued to ${recipients.length}`);
    return 1;
  }

  async list(principal: Principal): Promise<BulletinsResponse> {
    requirePermission(principal, 'bulletins.read');
    const rows = await this.repository.list();
    return { items: rows.map((r) => ({ id: r.id, weekStart: r.week_start, weekEnd: r.week_end, builtAt: r.built_at, filed: r.filed, change: r.change })) };
  }

  async get(id: number, principal: Principal): Promise<Bulletin> {
    requirePermission(principal, 'bulletins.read');
    const row = await this.repository.byId(id);
    if (!row) throw new DomainError(ErrorCode.NOT_FOUND, '周报不存在');
    return toBulletin(row);
  }

  async pdf(id: number, principal: Principal): Promise<{ bytes: Buffer; filename: string }> {
    const bulletin = await this.get(id, principal);
    return { bytes: await renderBulletinPdf(bulletin), filename: `hotline-bulletin-${bulletin.weekStart}.pdf` };
  }

  /** The week's figures, as the bulletin will keep them. */
  private async compose(week: Week): Promise<BulletinContent> {
    const current = { from: week.weekStart, to: week.weekEnd };
    const previous = { from: week.previousWeekStart, to: week.previousWeekEnd };
    const [categories, previousCategories, townships, previousTownships, units] = await Promise.all([
      this.measures.countyMeasures({ ...current, by: 'category' }),
      this.measures.countyMeasures({ ...previous, by: 'category' }),
      this.measures.countyMeasures({ ...current, by: 'township' }),
      this.measures.countyMeasures({ ...previous, by: 'township' }),
      this.measures.countyMeasures({ ...current, by: 'unit' }),
    ]);
    // Every case has one category row ('' for none): their sum is the county's week.
    const total = sumCounts(categories.rows);
    const previousTotal = sumCounts(previousCategories.rows);
    const top = (rows: MeasureRow[], before: MeasureRow[]) => {
      const earlier = new Map(before.map((r) => [r.key, r.counts.filed]));
      return rows
        .filter((r) => r.key !== '' && r.counts.filed > 0)
        .sort((a, b) => b.counts.filed - a.counts.filed || a.key.localeCompare(b.key))
        .slice(0, TOP)
        .map((r) => ({ code: r.key, name: r.name, filed: r.counts.filed, previousFiled: earlier.get(r.key) ?? 0 }));
    };

    const weekFrom = new Date(Date.parse(`${week.weekStart}T00:00:00+08:00`)).toISOString();
    const weekTo = new Date(Date.parse(`${week.weekEnd}T00:00:00+08:00`) + DAY_MS).toISOString();
    const [spikes, repeats, overdue] = await Promise.all([
      this.repository.spikes(week.weekStart, week.weekEnd),
      this.repository.repeats(weekFrom, weekTo),
      this.repository.overdueByUnit(),
    ]);
    const categoryCodes = [...new Set([...spikes.map((s) => s.category_code), ...repeats.map((r) => r.category_code)])];
    const townshipCodes = [...new Set([...spikes.map((s) => s.township_code), ...repeats.flatMap((r) => (r.township_code ? [r.township_code] : []))])];
    const unitIds = [...new Set([...repeats.flatMap((r) => (r.unit_id ? [r.unit_id] : [])), ...overdue.map((o) => o.unitId).filter((u) => u !== '')])];
    const [categoryNames, townshipNames, unitNames] = await Promise.all([
      this.names.categories(categoryCodes).then((rows) => new Map(rows.map((r) => [r.code, r.name]))),
      this.names.townships(townshipCodes).then((rows) => new Map(rows.map((r) => [r.code, r.name]))),
      this.names.units(unitIds).then((rows) => new Map(rows.map((r) => [r.id, r.name]))),
    ]);

    return {
      ...week,
      volume: {
        filed: total.filed,
        previousFiled: previousTotal.filed,
        change: previousTotal.filed > 0 ? Math.round(((total.filed - previousTotal.filed) / previousTotal.filed) * 10_000) / 10_000 : null,
        closed: total.closed,
      },
      rates: ratesOf(total),
      previousRates: ratesOf(previousTotal),
      topCategories: top(categories.rows, previousCategories.rows),
      topTownships: top(townships.rows, previousTownships.rows),
      ranking: units.rows
        .filter((r) => r.rank !== null)
        .map((r) => ({ unitId: r.key, name: r.name, rank: r.rank, previousRank: r.previous.rank, score: r.score, rates: r.rates })),
      spikes: spikes.map((s) => ({
        id: s.id,
        day: s.day,
        categoryName: categoryNames.get(s.category_code) ?? s.category_code,
        townshipName: townshipNames.get(s.township_code) ?? s.township_code,
        count: s.count,
      })),
      repeats: repeats.map((r) => ({
        id: r.id,
        categoryName: categoryNames.get(r.category_code) ?? r.category_code,
        townshipName: r.township_code ? (townshipNames.get(r.township_code) ?? null) : null,
        unitName: r.unit_id ? (unitNames.get(r.unit_id) ?? null) : null,
        size: r.size,
      })),
      overdue: {
        total: overdue.reduce((n, o) => n + o.count, 0),
        units: overdue.slice(0, 10).map((o) => ({ unitId: o.unitId, name: o.unitId === '' ? '热线中心（未派单）' : (unitNames.get(o.unitId) ?? o.unitId), count: o.count })),
      },
    };
  }
}

function sumCounts(rows: MeasureRow[]): RollupCounts {
  const total = emptyRollupCounts();
  for (const r of rows) for (const c of rollupCounters) total[c] += r.counts[c];
  return total;
}

function toBulletin(row: BulletinRow): Bulletin {
  return {
    id: row.id,
    weekStart: row.week_start,
    weekEnd: row.week_end,
    builtAt: row.built_at,
    filed: row.filed,
    change: row.change,
    content: JSON.parse(row.content_json) as BulletinContent,
  };
}
