// Loads the demo county (server/seed/demo-county/*.json) into an empty database, so a first start
// shows a realistic county; the rows are built here and written by SeedRepository in one transaction.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Role } from '@hotline/core';
import type { Kysely } from 'kysely';
import { categoryQuestionsSchema } from '@hotline/core';
import type { DB } from '../database/schema';
import { DEMO_OPEN311_KEY, hashOpen311Key } from '../open311/open311-keys.service';
import { PhoneVault } from '../privacy/phone-vault';
import { SeedRepository, type SeedRows } from './seed.repository';

interface SeedCounty {
  code: string;
  name: string;
  hotlineName: string;
  centre: { lat: number; lng: number };
  adminCode: string;
}
interface AreaFeature {
  properties: { code: string; name: string; kind: 'township' | 'village'; parentCode: string | null };
  geometry: { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown };
}
interface SeedUnit {
  code: string;
  name: string;
  kind: 'centre' | 'department' | 'township' | 'village';
  parentCode: string | null;
  areaCode: string | null;
  phone?: string;
}
interface SeedCategory {
  code: string;
  name: string;
  children?: SeedCategory[];
  defaultDemandType?: string;
  duty?: 'county' | 'township';
  nearbyRadiusM?: number;
  questions?: unknown[];
}
interface SeedRule {
  categoryCode: string;
  areaCode: string | null;
  unitCode: string;
  role: 'lead' | 'assist';
}
interface SeedKnowledge {
  code: string;
  title: string;
  answer: string;
  categoryCode: string | null;
  keywords: string[];
}
interface SeedUser {
  username: string;
  name: string;
  role: Role;
  unitCode: string | null;
  phone: string;
}

export interface DemoCounty {
  county: SeedCounty;
  areas: AreaFeature[];
  units: SeedUnit[];
  categories: SeedCategory[];
  catalogue: SeedRule[];
  knowledge: SeedKnowledge[];
  users: SeedUser[];
}

export function readDemoCounty(dir: string): DemoCounty {
  const read = <T>(name: string): T => JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')) as T;
  return {
    county: read<SeedCounty>('county.json'),
    areas: read<{ features: AreaFeature[] }>('areas.geojson').features,
    units: read<SeedUnit[]>('units.json'),
    categories: read<SeedCategory[]>('categories.json'),
    catalogue: read<SeedRule[]>('catalogue.json'),
    knowledge: read<SeedKnowledge[]>('knowledge.json'),
    users: read<SeedUser[]>('users.json'),
  };
}

function boundingBox(geometry: AreaFeature['geometry']) {
  const points: number[][] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node) && typeof node[0] === 'number') points.push(node as number[]);
    else if (Array.isArray(node)) node.forEach(walk);
  };
  walk(geometry.coordinates);
  const lngs = points.map((p) => p[0] ?? 0);
  const lats = points.map((p) => p[1] ?? 0);
  return { min_lat: Math.min(...lats), max_lat: Math.max(...lats), min_lng: Math.min(...lngs), max_lng: Math.max(...lngs) };
}

/** Knowledge search matches substrings of this text, so Chinese needs no word segmentation. */
export function knowledgeSearchText(entry: { title: string; keywords: string[]; answer: string }): string {
  return [entry.title, entry.keywords.join(' '), entry.answer].join('\n').toLowerCase();
}

export interface SeedReport {
  seeded: boolean;
  users: SeedUser[];
}

export async function seedDemoCountyIfEmpty(db: Kysely<DB>, dir: string, vault: PhoneVault, now = new Date()): Promise<SeedReport> {
  const data = readDemoCounty(dir);
  const repository = new SeedRepository(db);
  if (!(await repository.isEmpty())) return { seeded: false, users: data.users };
  await repository.insert(demoCountyRows(data, vault, now.toISOString()));
  return { seeded: true, users: data.users };
}

/** The county's rows as the tables take them; townships before villages, parents before children. */
function demoCountyRows(data: DemoCounty, vault: PhoneVault, at: string): SeedRows {
  const areas = [...data.areas].sort((a, b) => (a.properties.kind === 'township' ? 0 : 1) - (b.properties.kind === 'township' ? 0 : 1));
  const unitIds = new Map<string, string>();
  const units = [...data.units]
    .sort((a, b) => (a.parentCode ? 1 : 0) - (b.parentCode ? 1 : 0))
    .map((unit) => {
      const id = randomUUID();
      unitIds.set(unit.code, id);
      return {
        id,
        code: unit.code,
        name: unit.name,
        kind: unit.kind,
        parent_id: unit.parentCode ? (unitIds.get(unit.parentCode) ?? null) : null,
        area_code: unit.areaCode,
        phone: unit.phone ?? null,
        created_at: at,
      };
    });

  const categories: SeedRows['categories'] = [];
  const addCategory = (node: SeedCategory, parent: string | null, depth: number): void => {
    categories.push({
      code: node.code,
      name: node.name,
      parent_code: parent,
      depth,
      is_leaf: node.children?.length ? 0 : 1,
      default_demand_type: node.defaultDemandType ?? null,
      duty: node.duty ?? null,
      nearby_radius_m: node.nearbyRadiusM ?? 200,
      sort_order: categories.length,
      questions_json: JSON.stringify(categoryQuestionsSchema.parse(node.questions ?? [])),
    });
    for (const child of node.children ?? []) addCategory(child, node.code, depth + 1);
  };
  for (const root of data.categories) addCategory(root, null, 1);

  return {
    settings: [{ key: 'county', value: JSON.stringify(data.county), updated_at: at, updated_by: null }],
    areas: areas.map((area) => ({
      code: area.properties.code,
      name: area.properties.name,
      kind: area.properties.kind,
      parent_code: area.properties.parentCode,
      geometry: JSON.stringify(area.geometry),
      ...boundingBox(area.geometry),
    })),
    units,
    categories,
    catalogueRules: data.catalogue.map((rule) => {
      const unitId = unitIds.get(rule.unitCode);
      if (!unitId) throw new Error(`catalogue.json: unknown unit ${rule.unitCode}`);
      return { category_code: rule.categoryCode, area_code: rule.areaCode, unit_id: unitId, role: rule.role };
    }),
    knowledge: data.knowledge.map((entry) => ({
      id: randomUUID(),
      code: entry.code,
      title: entry.title,
      answer: entry.answer,
      category_code: entry.categoryCode,
      keywords: entry.keywords.join(' '),
      search_text: knowledgeSearchText(entry),
      updated_at: at,
    })),
    users: data.users.map((user) => ({
      id: randomUUID(),
      role: user.role,
      name: user.name,
      unit_id: user.unitCode ? (unitIds.get(user.unitCode) ?? null) : null,
      username: user.username,
      phone_enc: vault.encrypt(user.phone),
      phone_hash: vault.hash(user.phone),
      wechat_openid: null,
      wechat_unionid: null,
      created_at: at,
    })),
    open311Keys: [
      {
        id: randomUUID(),
        name: '演示 Open311 客户端',
        prefix: DEMO_OPEN311_KEY.slice(0, 9),
        key_hash: hashOpen311Key(DEMO_OPEN311_KEY),
        requests_per_minute: 60,
        created_at: at,
        created_by: null,
        last_used_at: null,
        revoked_at: null,
      },
    ],
  };
}
