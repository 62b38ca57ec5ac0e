// Repeated demands: cases of the same category filed within a category's radius of each other and
// within 30 days form one matter (a cluster); at 3 the unit's leaders and the supervisors are told.
import { distanceM, type LatLng } from './coordinates';

export const REPEAT_RULE = {
  /** Days before a case within which earlier cases count. */
  windowDays: 30,
  /** Cases (the new one included) that make a matter worth telling leaders of. */
  minCases: 3,
} as const;

/** A box around a point that holds every point within `radiusM` (for an index-friendly prefilter). */
export function boxAround(p: LatLng, radiusM: number): { minLat: number; maxLat: number; minLng: number; maxLng: number } {
  const dLat = radiusM / 111_320;
  const dLng = radiusM / (111_320 * Math.max(0.01, Math.cos((p.lat * Math.PI) / 180)));
  return { minLat: p.lat - dLat, maxLat: p.lat + dLat, minLng: p.lng - dLng, maxLng: p.lng + dLng };
}

/** The earlier cases that repeat a new one: within the radius (the window is the caller's query). */
export function repeatsOf<T extends LatLng>(point: LatLng, earlier: readonly T[], radiusM: number): T[] {
  return earlier.filter((c) => distanceM(point, c) <= radiusM);
}
