#!/usr/bin/env node
// Generates areas.geojson for the fictional demo county 云泽县 (WGS-84, [lng, lat]).
//
// The county (~40 × 40 km) is a 4 × 4 grid of ~10 km cells whose corners and
// edges are jittered deterministically; every shared vertex is computed once,
// so neighbouring townships share their boundary exactly and never overlap.
//   - 2 街道 take the central 2 × 2 cells (west column / east column);
//   - 4 镇/乡 take the 12 border cells as a pinwheel (3 cells each).
// Villages/communities are small polygons placed in disjoint boxes of a cell's
// bilinear parameter space (shrunk away from the cell edges), so they lie
// inside their township and do not overlap. The county seat community is
// centred on the county seat point.
//
// Usage: node generate-villages.mjs   (rewrites areas.geojson, then self-checks)
import { writeFileSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const county = JSON.parse(readFileSync(join(here, 'county.json'), 'utf8'));
const SEAT = [county.centre.lng, county.centre.lat];
const ADMIN = county.adminCode; // 6 digits

// ---------- deterministic randomness ----------
function mulberry32(a) {
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = mulberry32(12345);
const jit = (km) => (rand() * 2 - 1) * km;

// ---------- km <-> degrees around the seat ----------
const KM_PER_DEG_LAT = 110.85;
const KM_PER_DEG_LNG = 111.32 * Math.cos((SEAT[1] * Math.PI) / 180);
const r6 = (x) => Math.round(x * 1e6) / 1e6;
const toLngLat = ([xKm, yKm]) => [r6(SEAT[0] + xKm / KM_PER_DEG_LNG), r6(SEAT[1] + yKm / KM_PER_DEG_LAT)];

// ---------- the grid (in km relative to the seat) ----------
const N = 4; // cells per side
const CELL = 10; // km
// The middle grid vertex (2,2) sits 2.8 km east and 2.5 km south of the seat,
// so the seat falls inside cell (1,2) = the upper cell of 城关街道.
const MID = [2.8, -2.5];
const V = []; // V[i][j] = [x, y] km, i = column (west→east), j = row (south→north)
for (let i = 0; i <= N; i++) {
  V[i] = [];
  for (let j = 0; j <= N; j++) {
    const base = [MID[0] + (i - 2) * CELL, MID[1] + (j - 2) * CELL];
    const outer = i === 0 || j === 0 || i === N || j === N;
    const fixed = i === 2 && j === 2;
    const k = fixed ? 0 : outer ? 1.6 : 0.9;
    V[i][j] = [base[0] + jit(k), base[1] + jit(k)];
  }
}
// Intermediate points of each grid edge (shared by the two cells on it).
const edgePts = new Map();
function edgeKey(a, b) {
  return a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]) ? `${a}|${b}` : `${b}|${a}`;
}
function edgePoints(a, b) {
  // a, b: [i, j] grid indices; returns intermediate points from a to b (km)
  const key = edgeKey(a, b);
  const forward = key === `${a}|${b}`;
  if (!edgePts.has(key)) {
    const [p, q] = forward ? [a, b] : [b, a];
    const P = V[p[0]][p[1]];
    const Q = V[q[0]][q[1]];
    const dx = Q[0] - P[0];
    const dy = Q[1] - P[1];
    const len = Math.hypot(dx, dy);
    const nx = -dy / len;
    const ny = dx / len;
    const pts = [];
    for (const t of [0.22, 0.5, 0.78]) {
      const off = jit(0.45);
      pts.push([P[0] + dx * t + nx * off, P[1] + dy * t + ny * off]);
    }
    edgePts.set(key, pts);
  }
  const pts = edgePts.get(key);
  return forward ? pts : [...pts].reverse();
}
// A cell's ring (CCW, km, not closed).
function cellRing(i, j) {
  const corners = [
    [i, j],
    [i + 1, j],
    [i + 1, j + 1],
    [i, j + 1],
  ];
  const ring = [];
  for (let k = 0; k < 4; k++) {
    const a = corners[k];
    const b = corners[(k + 1) % 4];
    ring.push(V[a[0]][a[1]], ...edgePoints(a, b));
  }
  return ring;
}
// Outline of a union of cells: drop segments that occur in both directions, chain the rest.
function unionRing(cells) {
  const segs = [];
  for (const [i, j] of cells) {
    const ring = cellRing(i, j).map(toLngLat);
    for (let k = 0; k < ring.length; k++) segs.push([ring[k], ring[(k + 1) % ring.length]]);
  }
  const key = (p) => `${p[0]},${p[1]}`;
  const all = new Set(segs.map(([a, b]) => `${key(a)}>${key(b)}`));
  const keep = segs.filter(([a, b]) => !all.has(`${key(b)}>${key(a)}`));
  const next = new Map();
  for (const s of keep) {
    if (next.has(key(s[0]))) throw new Error('union is not a simple ring');
    next.set(key(s[0]), s);
  }
  const ring = [keep[0][0]];
  let cur = keep[0];
  for (;;) {
    const s = next.get(key(cur[1]));
    if (s === keep[0]) break;
    ring.push(s[0]);
    cur = s;
    if (ring.length > keep.length) throw new Error('union ring does not close');
  }
  if (ring.length !== keep.length) throw new Error('union has more than one ring (hole?)');
  return ring;
}

// ---------- bilinear parametrisation of a cell ----------
function bilinear(i, j, u, v) {
  const p00 = V[i][j];
  const p10 = V[i + 1][j];
  const p11 = V[i + 1][j + 1];
  const p01 = V[i][j + 1];
  return [0, 1].map(
    (d) => (1 - u) * (1 - v) * p00[d] + u * (1 - v) * p10[d] + u * v * p11[d] + (1 - u) * v * p01[d],
  );
}
function inverseBilinear(i, j, target) {
  let u = 0.5;
  let v = 0.5;
  for (let it = 0; it < 50; it++) {
    const p = bilinear(i, j, u, v);
    const h = 1e-6;
    const pu = bilinear(i, j, u + h, v);
    const pv = bilinear(i, j, u, v + h);
    const a = (pu[0] - p[0]) / h;
    const b = (pv[0] - p[0]) / h;
    const c = (pu[1] - p[1]) / h;
    const d = (pv[1] - p[1]) / h;
    const ex = target[0] - p[0];
    const ey = target[1] - p[1];
    const det = a * d - b * c;
    u += (d * ex - b * ey) / det;
    v += (-c * ex + a * ey) / det;
  }
  return [u, v];
}

// ---------- townships and their villages ----------
// Each village: [code suffix, name, cell index in the township's cells, cu, cv, ru, rv]
// (cu, cv) = centre in the cell's parameter space, (ru, rv) = half size of its box.
const SEAT_CELL = [1, 2];
const seatUV = inverseBilinear(SEAT_CELL[0], SEAT_CELL[1], [0, 0]);
const townships = [
  {
    code: '001', name: '城关街道', cells: [[1, 1], [1, 2]],
    villages: [
      ['001', '府前社区', 1, seatUV[0], seatUV[1], 0.09, 0.09],
      ['002', '文昌社区', 1, 0.33, 0.3, 0.12, 0.12],
      ['003', '南门社区', 0, 0.66, 0.74, 0.12, 0.12],
      ['004', '西湖社区', 0, 0.32, 0.5, 0.14, 0.16],
      ['005', '建设路社区', 1, 0.62, 0.66, 0.13, 0.12],
    ],
  },
  {
    code: '002', name: '东湖街道', cells: [[2, 1], [2, 2]],
    villages: [
      ['001', '东湖社区', 1, 0.3, 0.3, 0.12, 0.12],
      ['002', '新华社区', 0, 0.28, 0.72, 0.12, 0.12],
      ['003', '滨江社区', 1, 0.68, 0.58, 0.14, 0.14],
      ['004', '朝阳社区', 0, 0.66, 0.4, 0.14, 0.14],
    ],
  },
  {
    code: '100', name: '北山镇', cells: [[0, 3], [1, 3], [2, 3]],
    villages: [
      ['001', '集镇社区', 1, 0.5, 0.45, 0.12, 0.12],
      ['201', '张家村', 0, 0.35, 0.4, 0.2, 0.2],
      ['202', '松林村', 0, 0.62, 0.75, 0.16, 0.13],
      ['203', '桃园村', 2, 0.4, 0.6, 0.2, 0.22],
      ['204', '黄泥湾村', 1, 0.28, 0.78, 0.16, 0.1],
    ],
  },
  {
    code: '101', name: '河口镇', cells: [[3, 3], [3, 2], [3, 1]],
    villages: [
      ['001', '河口社区', 1, 0.6, 0.5, 0.12, 0.12],
      ['201', '杨树村', 0, 0.45, 0.4, 0.22, 0.2],
      ['202', '李家港村', 1, 0.3, 0.3, 0.14, 0.16],
      ['203', '莲花村', 2, 0.55, 0.6, 0.2, 0.2],
    ],
  },
  {
    code: '102', name: '柳林镇', cells: [[3, 0], [2, 0], [1, 0]],
    villages: [
      ['001', '柳林社区', 1, 0.5, 0.55, 0.12, 0.12],
      ['201', '王家畈村', 0, 0.4, 0.6, 0.2, 0.2],
      ['202', '石门村', 2, 0.55, 0.45, 0.22, 0.22],
      ['203', '新塘村', 1, 0.25, 0.25, 0.12, 0.12],
    ],
  },
  {
    code: '200', name: '石桥乡', cells: [[0, 0], [0, 1], [0, 2]],
    villages: [
      ['201', '石桥村', 1, 0.5, 0.5, 0.18, 0.18],
      ['202', '陈家岭村', 0, 0.55, 0.45, 0.22, 0.22],
      ['203', '枫树村', 2, 0.45, 0.55, 0.2, 0.2],
    ],
  },
];

// Sanity of the layout itself: boxes inside [0.1, 0.9]² and disjoint per cell.
for (const t of townships) {
  const boxes = t.villages.map(([s, name, ci, cu, cv, ru, rv]) => ({ name, ci, u0: cu - ru, u1: cu + ru, v0: cv - rv, v1: cv + rv }));
  for (const b of boxes) {
    if (b.u0 < 0.1 || b.v0 < 0.1 || b.u1 > 0.9 || b.v1 > 0.9) throw new Error(`${t.name}/${b.name}: box too close to the cell edge`);
  }
  for (let a = 0; a < boxes.length; a++)
    for (let b = a + 1; b < boxes.length; b++) {
      const A = boxes[a];
      const B = boxes[b];
      if (A.ci === B.ci && A.u0 < B.u1 && B.u0 < A.u1 && A.v0 < B.v1 && B.v0 < A.v1)
        throw new Error(`${t.name}: boxes of ${A.name} and ${B.name} overlap`);
    }
}

function villageRing(cell, cu, cv, ru, rv) {
  const n = 7 + Math.floor(rand() * 3);
  const phase = rand() * Math.PI * 2;
  const ring = [];
  for (let k = 0; k < n; k++) {
    const a = phase + (k * 2 * Math.PI) / n;
    const f = 0.78 + rand() * 0.22;
    ring.push(toLngLat(bilinear(cell[0], cell[1], cu + Math.cos(a) * ru * f, cv + Math.sin(a) * rv * f)));
  }
  return ring; // CCW because the parameter map preserves orientation
}

const close = (ring) => [...ring, ring[0]];
const features = [];
for (const t of townships) {
  const tCode = `${ADMIN}${t.code}000`;
  features.push({
    type: 'Feature',
    properties: { code: tCode, name: t.name, kind: 'township', parentCode: null },
    geometry: { type: 'Polygon', coordinates: [close(unionRing(t.cells))] },
  });
  for (const [suffix, name, ci, cu, cv, ru, rv] of t.villages) {
    features.push({
      type: 'Feature',
      properties: { code: `${ADMIN}${t.code}${suffix}`, name, kind: 'village', parentCode: tCode },
      geometry: { type: 'Polygon', coordinates: [close(villageRing(t.cells[ci], cu, cv, ru, rv))] },
    });
  }
}

// ---------- self-check: every village vertex inside its township ----------
function pointInRing([x, y], ring) {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
const byCode = new Map(features.map((f) => [f.properties.code, f]));
let bad = 0;
for (const f of features) {
  if (f.properties.kind !== 'village') continue;
  const parent = byCode.get(f.properties.parentCode).geometry.coordinates[0];
  for (const p of f.geometry.coordinates[0]) {
    if (!pointInRing(p, parent)) {
      console.error(`self-check: ${f.properties.name} vertex ${p} outside ${f.properties.parentCode}`);
      bad++;
    }
  }
}
const seatCommunity = features.find((f) => f.properties.name === '府前社区');
if (!pointInRing(SEAT, seatCommunity.geometry.coordinates[0])) {
  console.error('self-check: county seat is not inside 府前社区');
  bad++;
}
if (bad) process.exit(1);

const fc = { type: 'FeatureCollection', features };
// One feature per line keeps the file diffable without being huge.
const text = `{"type":"FeatureCollection","features":[\n${features.map((f) => JSON.stringify(f)).join(',\n')}\n]}\n`;
JSON.parse(text); // must round-trip
writeFileSync(join(here, 'areas.geojson'), text);
console.log(
  `areas.geojson: ${features.filter((f) => f.properties.kind === 'township').length} townships, ` +
    `${features.filter((f) => f.properties.kind === 'village').length} villages; self-check passed ` +
    `(seat at (${seatUV.map((x) => x.toFixed(2))}) of cell ${SEAT_CELL}); ${fc.features.length} features`,
);
