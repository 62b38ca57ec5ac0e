// Web-Mercator tiles around a point, for an installation that names a tile service: which 3×3
// tiles to draw and where the point falls on them. Pure, so it is tested without a browser.
export interface TileGrid {
  tiles: { url: string; left: number; top: number }[];
  /** The point's pixel position inside the 768×768 grid. */
  x: number;
  y: number;
}

export const TILE_SIZE = 256;

export function tileGrid(template: string, point: { lat: number; lng: number }, zoom = 16): TileGrid {
  const n = 2 ** zoom;
  const lat = (point.lat * Math.PI) / 180;
  const fx = ((point.lng + 180) / 360) * n;
  const fy = ((1 - Math.log(Math.tan(lat) + 1 / Math.cos(lat)) / Math.PI) / 2) * n;
  const [cx, cy] = [Math.floor(fx), Math.floor(fy)];
  const tiles = [];
  for (let dy = -1; dy <= 1; dy++)
    for (let dx = -1; dx <= 1; dx++) {
      const x = (((cx + dx) % n) + n) % n;
      const url = template.replace('{z}', String(zoom)).replace('{x}', String(x)).replace('{y}', String(cy + dy));
      tiles.push({ url, left: (dx + 1) * TILE_SIZE, top: (dy + 1) * TILE_SIZE });
    }
  return { tiles, x: (fx - cx + 1) * TILE_SIZE, y: (fy - cy + 1) * TILE_SIZE };
}
