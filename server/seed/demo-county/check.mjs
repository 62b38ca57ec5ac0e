#!/usr/bin/env node
// Validates the demo county seed files (plain Node, no dependencies).
//   node server/seed/demo-county/check.mjs [dir]     → exit 0 and a summary, or exit 1 and the problems
// Also importable: `import { checkDemoCounty } from './check.mjs'` → { errors: string[], summary: string }.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const DEMAND_TYPES = ['consultation', 'help', 'complaint', 'report', 'suggestion', 'praise'];
const DUTIES = ['county', 'township'];
const UNIT_KINDS = ['centre', 'department', 'township', 'village'];
const ROLES = ['operator', 'dispatcher', 'supervisor', 'handler', 'unit_manager', 'analyst', 'admin', 'resident'];
const LEAVES_MIN = 35;
const LEAVES_MAX = 50;

// ---------- geometry (planar in lng/lat, fine for a 40 km county) ----------
const orient = (a, b, c) => (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
const sign = (x) => (x > 0 ? 1 : x < 0 ? -1 : 0);
/** Proper crossing of segments ab and cd (touching, shared endpoints and collinear overlap do not count). */
function segmentsCross(a, b, c, d) {
  const o1 = sign(orient(a, b, c));
  const o2 = sign(orient(a, b, d));
  const o3 = sign(orient(c, d, a));
  const o4 = sign(orient(c, d, b));
  return o1 * o2 < 0 && o3 * o4 < 0;
}
function pointInRing([x, y], ring) {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
const signedArea = (ring) => {
  let s = 0;
  for (let i = 0; i < ring.length - 1; i++) s += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  return s / 2;
};
const bbox = (ring) => {
  const xs = ring.map((p) => p[0]);
  const ys = ring.map((p) => p[1]);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
};
const bboxMeet = (a, b) => a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];
const edges = (ring) => ring.slice(0, -1).map((p, i) => [p, ring[i + 1]]);
function anyCrossing(r1, r2) {
  for (const [a, b] of edges(r1)) for (const [c, d] of edges(r2)) if (segmentsCross(a, b, c, d)) return [a, b];
  return null;
}
function selfIntersects(ring) {
  const e = edges(ring);
  for (let i = 0; i < e.length; i++)
    for (let j = i + 2; j < e.length; j++) {
      if (i === 0 && j === e.length - 1) continue;
      if (segmentsCross(e[i][0], e[i][1], e[j][0], e[j][1])) return true;
    }
  return false;
}

// ---------- the check ----------
export function checkDemoCounty(dir = dirname(fileURLToPath(import.meta.url))) {
  const errors = [];
  const fail = (msg) => errors.push(msg);
  const read = (file) => {
    try {
      return JSON.parse(readFileSync(join(dir, file), 'utf8'));
    } catch (e) {
      fail(`${file}: cannot read/parse (${e.message})`);
      return null;
    }
  };
  const county = read('county.json');
  const fc = read('areas.geojson');
  const units = read('units.json');
  const categories = read('categories.json');
  const catalogue = read('catalogue.json');
  const knowledge = read('knowledge.json');
  const users = read('users.json');
  if (errors.length) return { errors, summary: '' };

  // county.json
  for (const k of ['code', 'name', 'hotlineName', 'adminCode']) if (typeof county[k] !== 'string' || !county[k]) fail(`county.json: ${k} missing`);
  if (!/^\d{6}$/.test(county.adminCode ?? '')) fail('county.json: adminCode must be 6 digits');
  if (!county.name?.endsWith('县')) fail('county.json: name should end with 县');
  if (!county.hotlineName?.includes('12345')) fail('county.json: hotlineName should mention 12345');
  const seat = [county.centre?.lng, county.centre?.lat];
  if (!(seat[0] > 73 && seat[0] < 136 && seat[1] > 3 && seat[1] < 54)) fail('county.json: centre is not a point in China (lat/lng swapped?)');

  // areas.geojson
  if (fc.type !== 'FeatureCollection' || !Array.isArray(fc.features)) fail('areas.geojson: not a FeatureCollection');
  const areas = new Map();
  const rings = new Map();
  for (const [i, f] of (fc.features ?? []).entries()) {
    const p = f.properties ?? {};
    const where = `areas.geojson feature ${i} (${p.code} ${p.name})`;
    if (f.type !== 'Feature') fail(`${where}: type must be Feature`);
    if (typeof p.code !== 'string' || !p.code) { fail(`${where}: code missing`); continue; }
    if (areas.has(p.code)) fail(`${where}: duplicate area code`);
    if (!p.name) fail(`${where}: name missing`);
    if (!['township', 'village'].includes(p.kind)) fail(`${where}: kind must be township|village`);
    if (p.kind === 'township' && p.parentCode !== null) fail(`${where}: township parentCode must be null`);
    areas.set(p.code, p);
    const g = f.geometry;
    if (g?.type !== 'Polygon' || !Array.isArray(g.coordinates) || g.coordinates.length !== 1) {
      fail(`${where}: geometry must be a Polygon with one (outer) ring`);
      continue;
    }
    const ring = g.coordinates[0];
    if (ring.length < 4 || ring.some((q) => !Array.isArray(q) || q.length !== 2 || !q.every(Number.isFinite))) { fail(`${where}: bad ring`); continue; }
    const [f0, l0] = [ring[0], ring[ring.length - 1]];
    if (f0[0] !== l0[0] || f0[1] !== l0[1]) fail(`${where}: ring not closed`);
    if (signedArea(ring) <= 0) fail(`${where}: outer ring must be counter-clockwise`);
    if (selfIntersects(ring)) fail(`${where}: ring intersects itself`);
    if (ring.some(([x, y]) => Math.abs(x - seat[0]) > 0.5 || Math.abs(y - seat[1]) > 0.5)) fail(`${where}: vertex far from the county seat (lng/lat order?)`);
    rings.set(p.code, ring);
  }
  const townships = [...areas.values()].filter((a) => a.kind === 'township');
  const villages = [...areas.values()].filter((a) => a.kind === 'village');
  if (townships.length !== 6) fail(`areas.geojson: expected 6 townships, found ${townships.length}`);
  for (const v of villages) {
    const t = areas.get(v.parentCode);
    if (!t || t.kind !== 'township') fail(`areas.geojson: village ${v.code} ${v.name}: parentCode ${v.parentCode} is not a township`);
  }
  for (const t of townships) {
    const n = villages.filter((v) => v.parentCode === t.code).length;
    if (n < 3 || n > 5) fail(`areas.geojson: township ${t.name} has ${n} villages (want 3–5)`);
  }
  // villages inside their township
  for (const v of villages) {
    const vr = rings.get(v.code);
    const tr = rings.get(v.parentCode);
    if (!vr || !tr) continue;
    const out = vr.find((q) => !pointInRing(q, tr));
    if (out) fail(`areas.geojson: village ${v.name} vertex ${out} lies outside township ${v.parentCode}`);
    else if (anyCrossing(vr, tr)) fail(`areas.geojson: village ${v.name} crosses the boundary of township ${v.parentCode}`);
  }
  // villages pairwise disjoint
  const vlist = villages.filter((v) => rings.has(v.code)).map((v) => ({ v, r: rings.get(v.code), b: bbox(rings.get(v.code)) }));
  for (let i = 0; i < vlist.length; i++)
    for (let j = i + 1; j < vlist.length; j++) {
      const A = vlist[i];
      const B = vlist[j];
      if (!bboxMeet(A.b, B.b)) continue;
      if (anyCrossing(A.r, B.r) || A.r.some((q) => pointInRing(q, B.r)) || B.r.some((q) => pointInRing(q, A.r)))
        fail(`areas.geojson: villages ${A.v.name} and ${B.v.name} overlap`);
    }
  // townships: no crossing edges, no overlap (sampled), roughly tile a ~40 km county
  const tlist = townships.filter((t) => rings.has(t.code)).map((t) => ({ t, r: rings.get(t.code) }));
  for (let i = 0; i < tlist.length; i++)
    for (let j = i + 1; j < tlist.length; j++)
      if (anyCrossing(tlist[i].r, tlist[j].r)) fail(`areas.geojson: townships ${tlist[i].t.name} and ${tlist[j].t.name} cross`);
  if (tlist.length) {
    const all = tlist.flatMap((x) => x.r);
    const [x0, y0, x1, y1] = bbox(all);
    const kmX = (x1 - x0) * 111.32 * Math.cos((seat[1] * Math.PI) / 180);
    const kmY = (y1 - y0) * 110.85;
    if (kmX < 25 || kmX > 60 || kmY < 25 || kmY > 60) fail(`areas.geojson: county extent ${kmX.toFixed(1)}×${kmY.toFixed(1)} km, expected about 40×40`);
    const S = 120;
    let covered = 0;
    let overlapped = 0;
    for (let a = 0; a < S; a++)
      for (let b = 0; b < S; b++) {
        const q = [x0 + ((a + 0.5) / S) * (x1 - x0), y0 + ((b + 0.5) / S) * (y1 - y0)];
        const n = tlist.filter((x) => pointInRing(q, x.r)).length;
        if (n >= 1) covered++;
        if (n > 1) overlapped++;
      }
    if (overlapped) fail(`areas.geojson: townships overlap (${overlapped} sample points in more than one township)`);
    if (covered / (S * S) < 0.75) fail(`areas.geojson: townships cover only ${((100 * covered) / (S * S)).toFixed(0)}% of the county's bounding box`);
  }
  // the county seat lies in a 街道 and in one of its communities
  const seatTown = townships.find((t) => rings.has(t.code) && pointInRing(seat, rings.get(t.code)));
  if (!seatTown || !seatTown.name.endsWith('街道')) fail('areas.geojson: the county seat must lie inside a 街道');
  else if (!villages.some((v) => v.parentCode === seatTown.code && rings.has(v.code) && pointInRing(seat, rings.get(v.code))))
    fail(`areas.geojson: the county seat must lie inside one of ${seatTown.name}'s communities`);

  // units.json
  const unitMap = new Map();
  for (const u of units) {
    const where = `units.json ${u.code} ${u.name}`;
    if (!u.code || unitMap.has(u.code)) fail(`${where}: missing or duplicate code`);
    unitMap.set(u.code, u);
    if (!u.name) fail(`${where}: name missing`);
    if (!UNIT_KINDS.includes(u.kind)) fail(`${where}: bad kind ${u.kind}`);
    if (!/^0\d{2,3}-\d{7,8}$/.test(u.phone ?? '')) fail(`${where}: phone ${u.phone} is not 0xxx-xxxxxxx`);
    if (u.kind === 'centre' || u.kind === 'department') {
      if (u.parentCode !== null || u.areaCode !== null) fail(`${where}: ${u.kind} must have parentCode and areaCode null`);
    }
  }
  const unitsOf = (kind) => units.filter((u) => u.kind === kind);
  if (unitsOf('centre').length !== 1) fail(`units.json: expected exactly one centre, found ${unitsOf('centre').length}`);
  const depts = unitsOf('department');
  if (depts.length < 12 || depts.length > 22) fail(`units.json: ${depts.length} departments, expected about 15`);
  const unitByArea = new Map();
  for (const u of [...unitsOf('township'), ...unitsOf('village')]) {
    const a = areas.get(u.areaCode);
    if (!a) { fail(`units.json ${u.code}: areaCode ${u.areaCode} not in areas.geojson`); continue; }
    if (a.kind !== u.kind) fail(`units.json ${u.code}: a ${u.kind} unit on a ${a.kind} area`);
    if (unitByArea.has(u.areaCode)) fail(`units.json ${u.code}: second unit for area ${u.areaCode}`);
    unitByArea.set(u.areaCode, u);
    if (u.kind === 'township' && u.parentCode !== null) fail(`units.json ${u.code}: township unit parentCode must be null`);
  }
  for (const u of unitsOf('village')) {
    const a = areas.get(u.areaCode);
    const parent = unitMap.get(u.parentCode);
    if (!parent || parent.kind !== 'township') fail(`units.json ${u.code}: parentCode ${u.parentCode} is not a township unit`);
    else if (a && parent.areaCode !== a.parentCode) fail(`units.json ${u.code}: parent unit ${parent.code} does not govern area ${a.parentCode}`);
  }
  for (const a of areas.values()) if (!unitByArea.has(a.code)) fail(`units.json: no unit for area ${a.code} ${a.name}`);

  // categories.json
  const catMap = new Map();
  const leaves = new Map();
  const walk = (node, parent, depth) => {
    const where = `categories.json ${node.code} ${node.name}`;
    if (!node.code || !node.name) fail(`${where}: code and name required`);
    if (catMap.has(node.code)) fail(`${where}: duplicate code`);
    catMap.set(node.code, node);
    if (node.code?.length !== depth * 2 || !/^\d+$/.test(node.code ?? '')) fail(`${where}: code must have ${depth * 2} digits`);
    if (parent && !node.code?.startsWith(parent.code)) fail(`${where}: code must start with its parent's ${parent.code}`);
    const isLeaf = !node.children || node.children.length === 0;
    if (isLeaf) {
      if (depth !== 3) fail(`${where}: leaves must be at level 3`);
      leaves.set(node.code, node);
      if (!DEMAND_TYPES.includes(node.defaultDemandType)) fail(`${where}: bad defaultDemandType ${node.defaultDemandType}`);
      if (!DUTIES.includes(node.duty)) fail(`${where}: duty must be county|township`);
      if (node.nearbyRadiusM !== undefined && !(Number.isInteger(node.nearbyRadiusM) && node.nearbyRadiusM > 0 && node.nearbyRadiusM <= 5000))
        fail(`${where}: nearbyRadiusM must be a positive integer ≤ 5000`);
      for (const q of node.questions ?? []) {
        if (!/^[a-z][a-z0-9_]{0,31}$/.test(q.code ?? '') || !q.label || typeof q.required !== 'boolean')
          fail(`${where}: question ${q.code} needs a lower-case code, a label and required`);
      }
    } else {
      if (depth >= 3) fail(`${where}: tree deeper than 3 levels`);
      if ('duty' in node || 'defaultDemandType' in node || 'questions' in node)
        fail(`${where}: only leaves carry duty/defaultDemandType/questions`);
      node.children.forEach((c) => walk(c, node, depth + 1));
    }
  };
  if (!Array.isArray(categories)) fail('categories.json: must be an array of top-level nodes');
  else categories.forEach((c) => walk(c, null, 1));
  if (leaves.size < LEAVES_MIN || leaves.size > LEAVES_MAX) fail(`categories.json: ${leaves.size} leaves, expected about 40`);
  if ((categories?.length ?? 0) < 8) fail(`categories.json: ${categories.length} top-level groups, expected at least 8`);

  // catalogue.json
  const seen = new Set();
  const leadsPerKey = new Map();
  for (const [i, r] of catalogue.entries()) {
    const where = `catalogue.json rule ${i} (${r.categoryCode}/${r.areaCode}/${r.unitCode}/${r.role})`;
    const leaf = leaves.get(r.categoryCode);
    const unit = unitMap.get(r.unitCode);
    const area = r.areaCode === null ? null : areas.get(r.areaCode);
    if (!leaf) { fail(`${where}: categoryCode is not a leaf category`); continue; }
    if (!unit) { fail(`${where}: unknown unitCode`); continue; }
    if (r.areaCode !== null && !area) { fail(`${where}: unknown areaCode`); continue; }
    if (!['lead', 'assist'].includes(r.role)) fail(`${where}: role must be lead|assist`);
    const key = `${r.categoryCode}|${r.areaCode}|${r.unitCode}`;
    if (seen.has(key)) fail(`${where}: duplicate rule`);
    seen.add(key);
    if (r.role === 'lead') {
      const k = `${r.categoryCode}|${r.areaCode}`;
      if (leadsPerKey.has(k)) fail(`${where}: second lead for the same category and area`);
      leadsPerKey.set(k, r.unitCode);
    }
    if (unit.kind === 'centre') fail(`${where}: the hotline centre is not a handling unit`);
    if (leaf.duty === 'county' && unit.kind !== 'department')
      fail(`${where}: ${leaf.name} is a county duty and may not go to a ${unit.kind}`);
    if (area === null && unit.kind !== 'department') fail(`${where}: a county-wide rule must name a department`);
    if (area && (unit.kind === 'township' || unit.kind === 'village')) {
      const townOfArea = area.kind === 'township' ? area.code : area.parentCode;
      const townOfUnit = unit.kind === 'township' ? unit.areaCode : areas.get(unit.areaCode)?.parentCode;
      if (townOfArea !== townOfUnit) fail(`${where}: unit ${unit.code} is outside area ${area.code}`);
      if (unit.kind === 'village' && unit.areaCode !== area.code) fail(`${where}: a village unit only handles its own village`);
    }
  }
  for (const leaf of leaves.values()) {
    if (!leadsPerKey.has(`${leaf.code}|null`)) fail(`catalogue.json: leaf ${leaf.code} ${leaf.name} has no county-wide lead rule`);
    if (leaf.duty === 'township')
      for (const t of townships)
        if (!leadsPerKey.has(`${leaf.code}|${t.code}`)) fail(`catalogue.json: township-duty leaf ${leaf.code} ${leaf.name} has no lead for ${t.name}`);
  }

  // knowledge.json
  const kbCodes = new Set();
  for (const k of knowledge) {
    const where = `knowledge.json ${k.code}`;
    if (!/^KB\d{3}$/.test(k.code ?? '') || kbCodes.has(k.code)) fail(`${where}: code must be unique KBnnn`);
    kbCodes.add(k.code);
    if (!k.title || !k.answer || k.answer.length < 40) fail(`${where}: title and a real answer required`);
    if (k.categoryCode !== null && !leaves.has(k.categoryCode)) fail(`${where}: categoryCode ${k.categoryCode} is not a leaf`);
    if (!Array.isArray(k.keywords) || !k.keywords.length || k.keywords.some((w) => typeof w !== 'string' || !w)) fail(`${where}: keywords must be non-empty strings`);
  }
  if (knowledge.length < 25) fail(`knowledge.json: ${knowledge.length} entries, expected about 30`);

  // users.json
  const names = new Set();
  const phones = new Set();
  for (const u of users) {
    const where = `users.json ${u.username}`;
    if (!/^[a-z0-9_.-]+$/.test(u.username ?? '') || names.has(u.username)) fail(`${where}: username must be unique lowercase ascii`);
    names.add(u.username);
    if (!u.name) fail(`${where}: name missing`);
    if (!ROLES.includes(u.role)) fail(`${where}: bad role ${u.role}`);
    if (!/^1[3-9]\d{9}$/.test(u.phone ?? '') || phones.has(u.phone)) fail(`${where}: phone must be a unique 11-digit mobile`);
    phones.add(u.phone);
    if (u.role === 'resident') {
      if (u.unitCode !== null) fail(`${where}: residents belong to no unit`);
    } else if (!unitMap.has(u.unitCode)) fail(`${where}: unitCode ${u.unitCode} does not resolve`);
    const kind = unitMap.get(u.unitCode)?.kind;
    if (['operator', 'dispatcher', 'supervisor', 'admin'].includes(u.role) && kind !== 'centre') fail(`${where}: ${u.role} must belong to the centre`);
    if (['handler', 'unit_manager'].includes(u.role) && kind === 'centre') fail(`${where}: ${u.role} must belong to a handling unit`);
  }
  const has = (role, pred = () => true) => users.filter((u) => u.role === role && pred(unitMap.get(u.unitCode))).length;
  if (has('operator') < 2) fail('users.json: at least 2 operators');
  for (const r of ['dispatcher', 'supervisor', 'analyst', 'admin']) if (has(r) < 1) fail(`users.json: at least one ${r}`);
  if (has('resident') < 3) fail('users.json: at least 3 residents');
  for (const dept of ['住房和城乡建设局', '城市管理', '交通运输局']) {
    for (const r of ['handler', 'unit_manager'])
      if (!has(r, (unit) => unit?.kind === 'department' && unit.name.includes(dept))) fail(`users.json: no ${r} for ${dept}`);
  }
  for (const t of unitsOf('township')) if (!has('handler', (unit) => unit?.code === t.code)) fail(`users.json: no handler for township unit ${t.code} ${t.name}`);
  const villageHandlersByTown = new Map();
  for (const u of users.filter((x) => x.role === 'handler')) {
    const unit = unitMap.get(u.unitCode);
    if (unit?.kind !== 'village') continue;
    if (!villageHandlersByTown.has(unit.parentCode)) villageHandlersByTown.set(unit.parentCode, new Set());
    villageHandlersByTown.get(unit.parentCode).add(unit.code);
  }
  const seatUnit = seatTown && unitByArea.get(seatTown.code);
  if (!seatUnit || (villageHandlersByTown.get(seatUnit.code)?.size ?? 0) < 2) fail("users.json: handlers needed for 2 communities of the seat's 街道");
  if (![...villageHandlersByTown.entries()].some(([t, s]) => t !== seatUnit?.code && s.size >= 2)) fail('users.json: handlers needed for 2 villages of another township');

  const summary =
    `${townships.length} townships, ${villages.length} villages, ${units.length} units (${depts.length} departments), ` +
    `${leaves.size} leaf categories, ${catalogue.length} catalogue rules, ${knowledge.length} knowledge entries, ${users.length} users`;
  return { errors, summary };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { errors, summary } = checkDemoCounty(process.argv[2] ? resolve(process.argv[2]) : undefined);
  if (errors.length) {
    console.error(`demo-county seed check FAILED (${errors.length}):\n- ${errors.join('\n- ')}`);
    process.exit(1);
  }
  console.log(`demo-county seed check passed: ${summary}`);
}
