// An `areas` row as the domain core locates points in it (the boundary is stored as GeoJSON text).
import type { Selectable } from 'kysely';
import type { LocatableArea } from '@hotline/core';
import type { AreasTable } from '../database/schema';

export function toLocatableArea(row: Selectable<AreasTable>): LocatableArea {
  return {
    code: row.code,
    kind: row.kind,
    parentCode: row.parent_code,
    geometry: JSON.parse(row.geometry) as LocatableArea['geometry'],
  };
}
