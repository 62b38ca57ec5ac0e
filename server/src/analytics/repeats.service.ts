// Repeated demands: each scheduler tick compares every newly filed located case with the earlier
// cases of its category within the category's radius and 30 days. Three or more make one matter
// (a cluster): its unit's leaders and the supervisors hear of it in their inbox, and the cluster
// page shows all its cases so the centre can merge them or treat them as one.
import { setImmediate as nextTurn } from 'node:timers/promises';
import { Injectable, Logger } from '@nestjs/common';
import {
  DomainError,
  ErrorCode,
  REPEAT_RULE,
  boxAround,
  can,
  matterLinkFor,
  repeatsOf,
  type RepeatCluster,
  type RepeatDetail,
  type RepeatsQuery,
  type RepeatsResponse,
} from '@hotline/core';
import { requirePermission } from '../auth/permission';
import type { Principal } from '../auth/tokens';
import { DirectoryRepository } from '../directory/directory.repository';
import { ReferenceData } from '../directory/reference-data';
import { RepeatsRepository, type ClusterRow, type LocatedCase } from './repeats.repository';
import { matterCasesOf } from './matter-cases';

export const REPEAT_INBOX_KIND = 'repeat';
const DAY_MS = 86_400_000;
const BATCH = 500;

@Injectable()
export class RepeatsService {
  private readonly logger = new Logger(RepeatsService.name);

  constructor(
    private readonly repository: RepeatsRepository,
    private readonly directory: DirectoryRepository,
    private readonly reference: ReferenceData,
  ) {}

  /** Compares the cases filed since the last look; answers the matters found (new clusters). */
  async detect(now: Date = new Date()): Promise<number> {
    const since = new Date(now.getTime() - REPEAT_RULE.windowDays * DAY_MS).toISOString();
    const radii = new Map<string, number>();
    let found = 0;
    for (let round = 0; round < 20; round++) {
      const batch = await this.repository.unscanned(since, BATCH);
      for (const c of batch) {
        if (await this.compare(c, radii, now)) found += 1;
        // Requests go on between cases: on SQLite every query runs on the event loop, and a burst
        // of filings in one place took seconds to compare (bench/scheduler.bench.mjs).
        await nextTurn();
      }
      if (batch.length < BATCH) break;
    }
    if (found) this.logger.log(`repeated demands: ${found} new matters`);
    return found;
  }

  private async compare(c: LocatedCase, radii: Map<string, number>, now: Date): Promise<boolean> {
    const at = now.toISOString();
    let radius = radii.get(c.category_code);
    if (radius === undefined) radii.set(c.category_code, (radius = Number((await this.reference.category(c.category_code))?.nearby_radius_m ?? 200)));
    const from = new Date(Date.parse(c.created_at) - REPEAT_RULE.windowDays * DAY_MS).toISOString();
    const near = repeatsOf(c, await this.repository.earlierNear(c.category_code, boxAround(c, radius), from, c.created_at, c.id), radius);
    if (near.length + 1 < REPEAT_RULE.minCases) {
      await this.repository.record({ caseId: c.id, at }, { kind: 'none' });
      return false;
    }
    const clusterIds = near.flatMap((n) => (n.cluster_id === null ? [] : [n.cluster_id]));
    const existing = clusterIds.length > 0 ? Math.min(...clusterIds) : undefined;
    const members = [c, ...near.filter((n) => n.cluster_id === null)].map((m) => m.id);
    if (existing !== undefined) {
      await this.repository.record({ caseId: c.id, at }, { kind: 'join', clusterId: existing, caseIds: members, lastFiledAt: c.created_at });
      return false;
    }
    const all = [...near, c];
    const unitId = [...all].reverse().find((m) => m.assignee_unit_id)?.assignee_unit_id ?? null;
    const recipients = await this.repository.recipients(unitId);
    const names = await this.directory.names({ categories: [c.category_code], areas: c.township_code ? [c.township_code] : [] });
    const category = names.categories.get(c.category_code) ?? c.category_code;
    const place = (c.township_code && names.areas.get(c.township_code)) || '';
    await this.repository.record(
      { caseId: c.id, at },
      {
        kind: 'create',
        caseIds: all.map((m) => m.id),
        cluster: {
          category_code: c.category_code,
          unit_id: unitId,
          township_code: c.township_code,
          radius_m: radius,
          size: all.length,
          first_filed_at: all[0]!.created_at,
          last_filed_at: c.created_at,
          created_at: at,
        },
        announce: (id) =>
          recipients.map((user) => ({
            user_id: user.id,
            case_id: c.id,
            event_id: id,
            kind: REPEAT_INBOX_KIND,
            title: `重复诉求：${place}「${category}」30天内${all.length}件`,
            body: `同一分类、相距${radius}米以内的诉求已有${all.length}件，请作为一件事统筹办理或并单。点击查看全部工单。`,
            link: matterLinkFor('repeat', id),
            created_at: at,
            read_at: null,
          })),
      },
    );
    return true;
  }

  async list(query: RepeatsQuery, principal: Principal): Promise<RepeatsResponse> {
    const scope = await this.scopeOf(principal);
    const to = new Date(Date.parse(`${query.to}T00:00:00+08:00`) + DAY_MS).toISOString();
    const from = new Date(Date.parse(`${query.from}T00:00:00+08:00`)).toISOString();
    return { items: await this.toClusters(await this.repository.list(from, to, scope)) };
  }

  async get(id: number, principal: Principal): Promise<RepeatDetail> {
    const scope = await this.scopeOf(principal);
    const row = await this.repository.byId(id);
    // A matter outside a unit manager's units answers exactly like one that does not exist.
    if (!row || (scope && (!row.unit_id || !scope.includes(row.unit_id)))) throw new DomainError(ErrorCode.NOT_FOUND, '重复诉求不存在');
    const [cluster] = await this.toClusters([row]);
    const cases = await this.repository.members(id);
    return {
      ...cluster!,
      cases: matterCasesOf(cases),
    };
  }

  /** Every matter for those who read the county's figures; a unit manager, their unit's (and its villages'). */
  private async scopeOf(principal: Principal): Promise<string[] | null> {
    if (can(principal.role, 'measures.read')) return null;
    requirePermission(principal, 'analytics.read');
    return principal.unitId ? this.directory.unitWithChildren(principal.unitId) : [];
  }

  private async toClusters(rows: ClusterRow[]): Promise<RepeatCluster[]> {
    const names = await this.directory.names({
      categories: rows.map((r) => r.category_code),
      units: rows.flatMap((r) => (r.unit_id ? [r.unit_id] : [])),
      areas: rows.flatMap((r) => (r.township_code ? [r.township_code] : [])),
    });
    return rows.map((r) => ({
      id: r.id,
      categoryCode: r.category_code,
      categoryName: names.categories.get(r.category_code) ?? r.category_code,
      unitId: r.unit_id,
      unitName: r.unit_id ? (names.units.get(r.unit_id) ?? null) : null,
      townshipName: r.township_code ? (names.areas.get(r.township_code) ?? null) : null,
      size: Number(r.size),
      radiusM: Number(r.radius_m),
      firstFiledAt: r.first_filed_at,
      lastFiledAt: r.last_filed_at,
      createdAt: r.created_at,
    }));
  }
}
