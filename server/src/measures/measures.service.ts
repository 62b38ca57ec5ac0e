// The measures of DOMAIN.md (三率 and the rest) per unit, category, township and period, the
// rankings with the change from the previous period, and the trends, all summed from the
// analytics roll-ups (docs/decisions/0006-analytics-rollups.md). Centre staff who read figures
// see every unit; a unit manager sees their own unit (and, for a township, its villages).
import { Injectable } from '@nestjs/common';
import {
  type AnalyticsMeasuresQuery,
  type AnalyticsMeasuresResponse,
  DomainError,
  ErrorCode,
  type MeasureRow,
  type MeasuresQuery,
  type MeasuresResponse,
  type PublicMonthStatistics,
  type RollupCounts,
  type TrendsQuery,
  type TrendsResponse,
  type UnitMeasures,
  averageReplyHours,
  compositeScore,
  emptyRollupCounts,
  measureDefinitionsZhCN,
  measureNotesZhCN,
  previousPeriod,
  rankByScore,
  rateChanges,
  ratesOf,
  rollupCounters,
  shanghaiDate,
  weekStart,
} from '@hotline/core';
import { requirePermission } from '../auth/permission';
import type { Principal } from '../auth/tokens';
import { RollupsRepository, type RollupFilter, type RollupGroup } from '../analytics/rollups.repository';
import { DirectoryRepository, type UnitSummary } from '../directory/directory.repository';


type Filters = Pick<AnalyticsMeasuresQuery, 'from' | 'to' | 'unitId' | 'categoryCode' | 'townshipCode' | 'channel'>;

const invalid = (field: string, message: string) => new DomainError(ErrorCode.VALIDATION_FAILED, message, { field });

@Injectable()
export class MeasuresService {
  constructor(
    private readonly rollups: RollupsRepository,
    private readonly repository: DirectoryRepository,
  ) {}

  /** Each unit's counts and rates for a period (the measures table of the staff workspace). */
  async unitMeasures(query: MeasuresQuery, principal: Principal): Promise<MeasuresResponse> {
    const filter = await this.filterFor(query, principal);
    const sums = (await this.rollups.sums(filter, 'unit')).filter((s) => s.key !== '');
    const units = new Map((await this.repository.units(sums.map((s) => s.key))).map((u) => [u.id, u]));
    return {
      from: query.from,
      to: query.to,
      units: sums.flatMap((s) => {
        const unit = units.get(s.key);
        return unit ? [toUnitMeasures(unit, s.counts)] : [];
      }),
    };
  }

  /** Measures grouped by unit, category or township, ranked, with the previous period beside them. */
  async measures(query: AnalyticsMeasuresQuery, principal: Principal): Promise<AnalyticsMeasuresResponse> {
    return this.ranked(await this.filterFor(query, principal), query);
  }

  /**
   * The county as a whole, for the reports the scheduler issues (the weekly bulletin): no reader,
   * so no access check; whoever reads the report is checked there.
   */
  countyMeasures(query: Pick<AnalyticsMeasuresQuery, 'from' | 'to' | 'by'>): Promise<AnalyticsMeasuresResponse> {
    return this.ranked({ from: query.from, to: query.to }, query);
  }

  private async ranked(filter: RollupFilter, query: Pick<AnalyticsMeasuresQuery, 'from' | 'to' | 'by'>): Promise<AnalyticsMeasuresResponse> {
    const previous = previousPeriod(query.from, query.to);
    const [now, before] = await Promise.all([
      this.rollups.sums(filter, query.by),
      this.rollups.sums({ ...filter, ...previous }, query.by),
    ]);
    const names = await this.namesOf(query.by, now.map((s) => s.key));
    const beforeByKey = new Map(before.map((s) => [s.key, s.counts]));
    const scored = now
      .filter((s) => s.key !== '' || query.by !== 'unit')
      .map((s) => {
        const rates = ratesOf(s.counts);
        const beforeRates = ratesOf(beforeByKey.get(s.key) ?? emptyRollupCounts());
        return { sum: s, rates, score: compositeScore(rates), beforeRates, beforeScore: compositeScore(beforeRates) };
      });
    const ranks = rankByScore(scored);
    const previousRanks = rankByScore(scored.map((r) => ({ score: r.beforeScore })));
    const rows: MeasureRow[] = scored.map((r, i) => ({
      key: r.sum.key,
      name: names.get(r.sum.key)?.name ?? (r.sum.key === '' ? '未分类' : r.sum.key),
      unitKind: names.get(r.sum.key)?.kind ?? null,
      counts: r.sum.counts,
      rates: r.rates,
      averageReplyHours: averageReplyHours(r.sum.counts),
      score: r.score,
      rank: ranks[i] ?? null,
      previous: { rates: r.beforeRates, score: r.beforeScore, rank: previousRanks[i] ?? null },
      change: rateChanges(r.rates, r.beforeRates),
    }));
    rows.sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || a.key.localeCompare(b.key));
    return {
      from: query.from,
      to: query.to,
      previousFrom: previous.from,
      previousTo: previous.to,
      by: query.by,
      rows,
      definitions: { ...measureDefinitionsZhCN },
      notes: [...measureNotesZhCN],
    };
  }

  /** Volume and rates per day, week (from Monday) or month, every period present even when empty. */
  async trends(query: TrendsQuery, principal: Principal): Promise<TrendsResponse> {
    const filter = await this.filterFor(query, principal);
    const group: RollupGroup = query.interval === 'month' ? 'month' : 'day';
    const sums = await this.rollups.sums(filter, group);
    const periodOf = (key: string) => (query.interval === 'week' ? weekStart(key) : key);
    const byPeriod = new Map<string, RollupCounts>();
    for (const period of periodsBetween(query.from, query.to, query.interval)) byPeriod.set(period, emptyRollupCounts());
    for (const s of sums) {
      const counts = byPeriod.get(periodOf(s.key));
      if (counts) for (const c of rollupCounters) counts[c] += s.counts[c];
    }
    return {
      from: query.from,
      to: query.to,
      interval: query.interval,
      points: [...byPeriod.entries()].map(([period, counts]) => ({ period, counts, rates: ratesOf(counts) })),
    };
  }

  /**
   * The figures of one month (YYYY-MM) that public pages may show: volume, closed cases, the top
   * categories and each unit's rates. The same roll-ups the staff pages read; no access check,
   * because nothing here names a person, a case or a place below a township.
   */
  async publicMonthStatistics(month: string, topCategories = 5): Promise<PublicMonthStatistics> {
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw invalid('month', '月份应为 YYYY-MM');
    const from = `${month}-01`;
    const to = lastDayOfMonth(month);
    const filter: RollupFilter = { from, to };
    const [units, categories] = await Promise.all([this.rollups.sums(filter, 'unit'), this.rollups.sums(filter, 'category')]);
    const total = emptyRollupCounts();
    for (const s of units) for (const c of rollupCounters) total[c] += s.counts[c];
    const top = categories.filter((c) => c.key !== '' && c.counts.filed > 0).sort((a, b) => b.counts.filed - a.counts.filed).slice(0, topCategories);
    const categoryNames = new Map((await this.repository.categories(top.map((c) => c.key))).map((c) => [c.code, c.name]));
    const unitRows = new Map((await this.repository.units(units.map((u) => u.key).filter((k) => k !== ''))).map((u) => [u.id, u]));
    return {
      month,
      filed: total.filed,
      closed: total.closed,
      topCategories: top.map((c) => ({ code: c.key, name: categoryNames.get(c.key) ?? c.key, filed: c.counts.filed })),
      units: units.flatMap((s) => {
        const unit = unitRows.get(s.key);
        return unit ? [{ unitId: unit.id, code: unit.code, name: unit.name, rates: ratesOf(s.counts) }] : [];
      }),
    };
  }

  /** Who may read which units' figures, and checks that every named filter exists. */
  private async filterFor(query: Filters, principal: Principal): Promise<RollupFilter> {
    if (query.from > shanghaiDate(new Date())) throw invalid('from', '统计时段不能从今天以后开始');
    const filter: RollupFilter = { from: query.from, to: query.to };
    let allowedUnits: string[] | null = null;
    if (principal.role === 'unit_manager' && principal.unitId) {
      allowedUnits = await this.repository.unitWithChildren(principal.unitId);
    } else {
      requirePermission(principal, 'measures.read');
    }
    if (query.unitId) {
      // A unit outside the reader's scope answers exactly like one that does not exist.
      const known = (await this.repository.units([query.unitId])).length > 0;
      if (!known || (allowedUnits && !allowedUnits.includes(query.unitId))) throw invalid('unitId', '单位不存在');
      filter.unitIds = [query.unitId];
    } else if (allowedUnits) {
      filter.unitIds = allowedUnits;
    }
    if (query.categoryCode) {
      if ((await this.repository.categories([query.categoryCode])).length === 0) throw invalid('categoryCode', '诉求分类不存在');
      filter.categoryCodes = [query.categoryCode];
    }
    if (query.townshipCode) {
      if ((await this.repository.townships([query.townshipCode])).length === 0) throw invalid('townshipCode', '乡镇（街道）不存在');
      filter.townshipCodes = [query.townshipCode];
    }
    if (query.channel) filter.channels = [query.channel];
    return filter;
  }

  private async namesOf(by: AnalyticsMeasuresQuery['by'], keys: string[]): Promise<Map<string, { name: string; kind: UnitSummary['kind'] | null }>> {
    const present = keys.filter((k) => k !== '');
    if (by === 'unit') return new Map((await this.repository.units(present)).map((u) => [u.id, { name: u.name, kind: u.kind }]));
    const rows = by === 'category' ? await this.repository.categories(present) : await this.repository.townships(present);
    return new Map(rows.map((r) => [r.code, { name: r.name, kind: null }]));
  }
}


function toUnitMeasures(unit: UnitSummary, c: RollupCounts): UnitMeasures {
  const rates = ratesOf(c);
  return {
    unitId: unit.id,
    code: unit.code,
    name: unit.name,
    kind: unit.kind,
    dispatched: c.dispatched,
    signedInTime: c.signedInTime,
    responseRate: rates.responseRate,
    rated: c.rated,
    solved: c.solved,
    satisfied: c.satisfied,
    resolutionRate: rates.resolutionRate,
    satisfactionRate: rates.satisfactionRate,
    replied: c.replied,
    repliedOnTime: c.repliedOnTime,
    onTimeRate: rates.onTimeRate,
    returned: c.returned,
    returnRate: rates.returnRate,
    sentBack: c.sentBack,
    sentBackRate: rates.sentBackRate,
  };
}

function lastDayOfMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

/** Every period key of an interval that touches [from, to]. */
function periodsBetween(from: string, to: string, interval: TrendsQuery['interval']): string[] {
  const out: string[] = [];
  const start = interval === 'week' ? weekStart(from) : from;
  for (let ms = Date.parse(`${start}T00:00:00Z`); ; ) {
    const day = new Date(ms).toISOString().slice(0, 10);
    if (day > to) break;
    if (interval === 'month') {
      if (!out.includes(day.slice(0, 7))) out.push(day.slice(0, 7));
      const d = new Date(ms);
      ms = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
    } else {
      out.push(day);
      ms += (interval === 'week' ? 7 : 1) * 86_400_000;
    }
  }
  return out;
}
