// Hot spots: located cases counted on H3 hexagons (~500 m) per period and category, drawn over the
// townships' own boundaries, and the cases behind a tapped cell. Centre staff who read figures only.
import { Injectable } from '@nestjs/common';
import {
  DomainError,
  ErrorCode,
  type HotspotCasesResponse,
  type HotspotsQuery,
  type HotspotsResponse,
  shanghaiDate,
} from '@hotline/core';
import { cellToBoundary, getResolution, isValidCell } from 'h3-js';
import { requirePermission } from '../auth/permission';
import type { Principal } from '../auth/tokens';
import { DirectoryRepository } from '../directory/directory.repository';
import { RollupsRepository } from '../analytics/rollups.repository';
import { HOTSPOT_H3_RESOLUTION } from '../analytics/rollups.service';
import { matterCasesOf } from '../analytics/matter-cases';

const CELL_CASES_LIMIT = 100;
const invalid = (field: string, message: string) => new DomainError(ErrorCode.VALIDATION_FAILED, message, { field });

@Injectable()
export class HotspotsService {
  constructor(
    private readonly rollups: RollupsRepository,
    private readonly names: DirectoryRepository,
  ) {}

  async grid(query: HotspotsQuery, principal: Principal): Promise<HotspotsResponse> {
    await this.check(query, principal);
    const [cells, townships] = await Promise.all([
      this.rollups.cellCounts({
        from: query.from,
        to: query.to,
        ...(query.categoryCode ? { categoryCodes: [query.categoryCode] } : {}),
        ...(query.townshipCode ? { townshipCodes: [query.townshipCode] } : {}),
      }),
      this.names.townshipBoundaries(),
    ]);
    return {
      from: query.from,
      to: query.to,
      resolution: HOTSPOT_H3_RESOLUTION,
      cells: cells.map((c) => ({ ...c, boundary: cellRing(c.cell) })),
      townships,
    };
  }

  async casesInCell(cell: string, query: HotspotsQuery, principal: Principal): Promise<HotspotCasesResponse> {
    await this.check(query, principal);
    if (!isValidCell(cell) || getResolution(cell) !== HOTSPOT_H3_RESOLUTION) throw invalid('cell', '热点单元编号无效');
    const rows = await this.rollups.casesInCell(
      cell,
      { from: query.from, to: query.to, ...(query.categoryCode ? { categoryCodes: [query.categoryCode] } : {}) },
      CELL_CASES_LIMIT,
    );
    return {
      cell,
      items: matterCasesOf(rows),
    };
  }

  private async check(query: HotspotsQuery, principal: Principal): Promise<void> {
    requirePermission(principal, 'measures.read');
    if (query.from > shanghaiDate(new Date())) throw invalid('from', '统计时段不能从今天以后开始');
    if (query.categoryCode && (await this.names.categories([query.categoryCode])).length === 0)
      throw invalid('categoryCode', '诉求分类不存在');
    if (query.townshipCode && (await this.names.townships([query.townshipCode])).length === 0)
      throw invalid('townshipCode', '乡镇（街道）不存在');
  }
}

/**
 * A cell's outline never changes: computed once per process (a month's grid over a county has a
 * few thousand cells, a city's tens of thousands; the map is emptied past that rather than grown,
 * which bounds it to ~30 MB: a ring is 7 rounded pairs, ~0.3 KB with the Map's entry).
 */
const rings = new Map<string, Array<[number, number]>>();
const RINGS_KEPT = 100_000;
function cellRing(cell: string): Array<[number, number]> {
  let ring = rings.get(cell);
  if (!ring) {
    if (rings.size >= RINGS_KEPT) rings.clear();
    // GeoJSON order ([lng, lat]) and a closed ring.
    rings.set(cell, (ring = roundRing(cellToBoundary(cell, true))));
  }
  return ring;
}

/** ~1 m is finer than any screen draws a 500 m cell; full doubles would triple the bytes sent. */
function roundRing(ring: number[][]): Array<[number, number]> {
  return ring.map(([lng, lat]) => [Math.round(lng! * 1e5) / 1e5, Math.round(lat! * 1e5) / 1e5]);
}
