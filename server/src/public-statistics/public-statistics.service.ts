// The public statistics page: how many demands were filed this month and in the five before, the
// categories most filed this month, and each unit's 三率 and on-time rate for the month — the
// same figures the staff measures page shows (MeasuresService), published without sign-in.
import { Injectable } from '@nestjs/common';
import { fromShanghaiLocal, shanghaiDate, type PublicMap, type PublicStatistics } from '@hotline/core';
import { MeasuresService } from '../measures/measures.service';
import { PublicStatisticsRepository } from './public-statistics.repository';

const MONTHS = 6;
const TOP = 5;

const shiftMonth = (month: string, by: number): string => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 + by, 1));
  return d.toISOString().slice(0, 7);
};
const monthStart = (month: string) => fromShanghaiLocal(`${month}-01T00:00`).toISOString();
const lastDay = (month: string) => new Date(Date.parse(`${shiftMonth(month, 1)}-01T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

@Injectable()
export class PublicStatisticsService {
  constructor(
    private readonly repo: PublicStatisticsRepository,
    private readonly measures: MeasuresService,
  ) {}

  async statistics(month = shanghaiDate(new Date()).slice(0, 7)): Promise<PublicStatistics> {
    const months = Array.from({ length: MONTHS }, (_v, i) => shiftMonth(month, i - MONTHS + 1));
    const volume = await Promise.all(
      months.map(async (m) => ({ month: m, filed: await this.repo.filedBetween(monthStart(m), monthStart(shiftMonth(m, 1))) })),
    );
    const topCategories = await this.repo.topCategories(monthStart(month), monthStart(shiftMonth(month, 1)), TOP);
    const ranking = await this.measures.unitMeasures({ from: `${month}-01`, to: lastDay(month) });
    const units = ranking.units
      .filter((u) => u.kind !== 'centre' && (u.dispatched > 0 || u.rated > 0 || u.replied > 0))
      .map((u) => ({
        name: u.name,
        kind: u.kind,
        dispatched: u.dispatched,
        responseRate: u.responseRate,
        resolutionRate: u.resolutionRate,
        satisfactionRate: u.satisfactionRate,
        onTimeRate: u.onTimeRate,
      }));
    return { month, volume, topCategories, units };
  }

  async map(): Promise<PublicMap> {
    const rows = await this.repo.townships();
    return {
      townships: rows.map((r) => {
        const g = JSON.parse(r.geometry) as { type: string; coordinates: unknown };
        const polygons = (g.type === 'MultiPolygon' ? g.coordinates : [g.coordinates]) as [number, number][][][];
        return { code: r.code, name: r.name, rings: polygons.map((p) => p[0]!) };
      }),
    };
  }
}
