// A map without online tiles: the townships' outlines from the seed GeoJSON and points as
// numbered dots (the public cases) or one unlabelled pin (a case page), drawn as an SVG the
// <Image> shows on H5 and in the weapp.
import type { PublicMap } from '@hotline/core';

export interface MapDot {
  lat: number;
  lng: number;
  label: string;
}

const WIDTH = 640;

/** The SVG text (ASCII only, so it travels as a data URI on every platform). */
export function mapSvg(map: PublicMap, dots: readonly MapDot[]): string {
  // A point outside every outline still lands inside the drawing.
  const points = [...map.townships.flatMap((t) => t.rings.flat()), ...dots.map((d): [number, number] => [d.lng, d.lat])];
  if (map.townships.length === 0) return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="1"/>`;
  const lngs = points.map((p) => p[0]);
  const lats = points.map((p) => p[1]);
  const [minLng, maxLng, minLat, maxLat] = [Math.min(...lngs), Math.max(...lngs), Math.min(...lats), Math.max(...lats)];
  // Equirectangular, shrunk in longitude by the latitude's cosine so the county keeps its shape.
  const kx = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
  const scale = (WIDTH - 20) / Math.max(1e-9, (maxLng - minLng) * kx);
  const height = Math.round((maxLat - minLat) * scale + 20);
  const x = (lng: number) => (10 + (lng - minLng) * kx * scale).toFixed(1);
  const y = (lat: number) => (10 + (maxLat - lat) * scale).toFixed(1);
  const outlines = map.townships
    .flatMap((t) => t.rings)
    .map((ring) => `<polygon points="${ring.map(([lng, lat]) => `${x(lng)},${y(lat)}`).join(' ')}" fill="#f3f6f9" stroke="#8a99a8" stroke-width="1.5"/>`)
    .join('');
  const marks = dots
    .map(
      (d) =>
        `<circle cx="${x(d.lng)}" cy="${y(d.lat)}" r="11" fill="#c41d1d"/><text x="${x(d.lng)}" y="${(Number(y(d.lat)) + 5).toFixed(1)}" font-size="14" text-anchor="middle" fill="#fff">${d.label.replace(/[^0-9A-Za-z]/g, '')}</text>`,
    )
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}">${outlines}${marks}</svg>`;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Base64 of ASCII text; the weapp runtime has no btoa. */
export function base64Ascii(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i += 3) {
    const [a, b, c] = [text.charCodeAt(i), text.charCodeAt(i + 1), text.charCodeAt(i + 2)];
    const n = (a << 16) | ((b || 0) << 8) | (c || 0);
    out += ALPHABET[(n >> 18) & 63]! + ALPHABET[(n >> 12) & 63]!;
    out += i + 1 < text.length ? ALPHABET[(n >> 6) & 63]! : '=';
    out += i + 2 < text.length ? ALPHABET[n & 63]! : '=';
  }
  return out;
}

export const svgDataUri = (svg: string): string => `data:image/svg+xml;base64,${base64Ascii(svg)}`;
