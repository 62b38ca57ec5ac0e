// Coordinates. Chinese map services and wx.getLocation({type:'gcj02'}) give GCJ-02, an
// obfuscated datum; we store WGS-84. The forward transform WGS-84 → GCJ-02 is the widely
// published one (Krasovsky 1940 ellipsoid, a = 6378245 m, e² = 0.00669342162296594323); it has
// no closed-form inverse, so GCJ-02 → WGS-84 iterates the forward transform until the error is
// below 1e-7° (about 1 cm). Outside mainland China GCJ-02 equals WGS-84.
const A = 6378245.0;
const EE = 0.006693421622965943;

export interface LatLng {
  lat: number;
  lng: number;
}

function outOfChina({ lat, lng }: LatLng): boolean {
  return lng < 72.004 || lng > 137.8347 || lat < 0.8293 || lat > 55.8271;
}

function transformLat(x: number, y: number): number {
  let r = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  r += ((20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2) / 3;
  r += ((20 * Math.sin(y * Math.PI) + 40 * Math.sin((y / 3) * Math.PI)) * 2) / 3;
  r += ((160 * Math.sin((y / 12) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30)) * 2) / 3;
  return r;
}

function transformLng(x: number, y: number): number {
  let r = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  r += ((20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2) / 3;
  r += ((20 * Math.sin(x * Math.PI) + 40 * Math.sin((x / 3) * Math.PI)) * 2) / 3;
  r += ((150 * Math.sin((x / 12) * Math.PI) + 300 * Math.sin((x / 30) * Math.PI)) * 2) / 3;
  return r;
}

export function wgs84ToGcj02(p: LatLng): LatLng {
  if (outOfChina(p)) return { ...p };
  let dLat = transformLat(p.lng - 105, p.lat - 35);
  let dLng = transformLng(p.lng - 105, p.lat - 35);
  const radLat = (p.lat / 180) * Math.PI;
  let magic = Math.sin(radLat);
  magic = 1 - EE * magic * magic;
  const sqrtMagic = Math.sqrt(magic);
  dLat = (dLat * 180) / (((A * (1 - EE)) / (magic * sqrtMagic)) * Math.PI);
  dLng = (dLng * 180) / ((A / sqrtMagic) * Math.cos(radLat) * Math.PI);
  return { lat: p.lat + dLat, lng: p.lng + dLng };
}

export function gcj02ToWgs84(p: LatLng): LatLng {
  if (outOfChina(p)) return { ...p };
  let guess = { lat: p.lat, lng: p.lng };
  for (let i = 0; i < 30; i++) {
    const back = wgs84ToGcj02(guess);
    const dLat = back.lat - p.lat;
    const dLng = back.lng - p.lng;
    if (Math.abs(dLat) < 1e-7 && Math.abs(dLng) < 1e-7) break;
    guess = { lat: guess.lat - dLat, lng: guess.lng - dLng };
  }
  return guess;
}

/** Great-circle distance in metres. */
export function distanceM(a: LatLng, b: LatLng): number {
  const R = 6371008.8;
  const toRad = (d: number) => (d * Math.PI) / 180;
  const dLat = toRad(b.lat - a.lat);
  const dLng = toRad(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(toRad(a.lat)) * Math.cos(toRad(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * R * Math.asin(Math.sqrt(h));
}

type Ring = number[][];

/** Ray casting over a GeoJSON Polygon or MultiPolygon ([lng, lat] rings; holes excluded). */
export function pointInGeometry(p: LatLng, geometry: { type: string; coordinates: unknown }): boolean {
  const inRing = (ring: Ring) => {
    let inside = false;
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i] as [number, number];
      const [xj, yj] = ring[j] as [number, number];
      if (yi > p.lat !== yj > p.lat && p.lng < ((xj - xi) * (p.lat - yi)) / (yj - yi) + xi) inside = !inside;
    }
    return inside;
  };
  const inPolygon = (rings: Ring[]) => rings.length > 0 && inRing(rings[0]!) && !rings.slice(1).some(inRing);
  if (geometry.type === 'Polygon') return inPolygon(geometry.coordinates as Ring[]);
  if (geometry.type === 'MultiPolygon') return (geometry.coordinates as Ring[][]).some(inPolygon);
  return false;
}

/** The bounding box of a GeoJSON Polygon's outer ring ([lng, lat] pairs). */
export function polygonBox(rings: readonly (readonly number[])[][]): {
  minLat: number;
  minLng: number;
  maxLat: number;
  maxLng: number;
} {
  const ring = rings[0] ?? [];
  const lngs = ring.map((c) => c[0] ?? 0);
  const lats = ring.map((c) => c[1] ?? 0);
  return { minLat: Math.min(...lats), minLng: Math.min(...lngs), maxLat: Math.max(...lats), maxLng: Math.max(...lngs) };
}

/**
 * Which corners of one polygon lie inside the other: enough to catch a drawn boundary that overlaps
 * a neighbour's or leaves its township (a corner exactly on a shared edge may count either way).
 */
export function cornersInside(
  inner: { type: string; coordinates: unknown },
  outer: { type: string; coordinates: unknown },
): { some: boolean; all: boolean } {
  const corners = ((inner.coordinates as number[][][])[0] ?? []).slice(0, -1);
  const inside = corners.map(([lng, lat]) => pointInGeometry({ lat: lat ?? 0, lng: lng ?? 0 }, outer));
  return { some: inside.some(Boolean), all: inside.length > 0 && inside.every(Boolean) };
}
