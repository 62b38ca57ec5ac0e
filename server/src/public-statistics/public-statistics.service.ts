// The public statistics page: how many demands were filed this month and in the five before, the
// categories most filed this month, and each unit's 三率 and on-time rate for the month — the
// same roll-ups the staff analytics read (MeasuresService.publicMonthStatistics), published
// without sign-in; and the townships' outlines for the public map.
import { Injectable } from '@nestjs/common';
import { shanghaiDate, type PublicMap, type PublicStatistics } from '@hotline/core';
import { MeasuresService } from '../measures/measures.service';
import { PublicStatisticsRepository } from './public-statistics.repository';

const MONTHS = 6;

const shiftMonth = (month: string, by: number): string => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 1 + by, 1)).toISOString().slice(0, 7);
};

@Injectable()
export class PublicStatisticsService {
  constructor(
    private readonly repo: PublicStatisticsRepository,
    private readonly measures: MeasuresService,
  ) {}

  async statistics(month = shanghaiDate(new Date()).slice(0, 7)): Promise<PublicStatistics> {
    const months = Array.from({ length: MONTHS }, (_v, i) => shiftMonth(month, i - MONTHS + 1));
    const figures = await Promise.all(months.map((m) => this.measures.publicMonthStatistics(m)));
    const current = figures[figures.length - 1]!;
    return {
      month,
      volume: figures.map((f) => ({ month: f.month, filed: f.filed })),
      topCategories: current.topCategories,
      units: current.units
        .filter((u) => [u.rates.responseRate, u.rates.resolutionRate, u.rates.satisfactionRate, u.rates.onTimeRate].some((r) => r !== null))
        .map((u) => ({
          name: u.name,
          responseRate: u.rates.responseRate,
          resolutionRate: u.rates.resolutionRate,
          satisfactionRate: u.rates.satisfactionRate,
          onTimeRate: u.rates.onTimeRate,
        })),
    };
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
