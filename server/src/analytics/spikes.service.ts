// Spike alerts: each scheduler tick tests today's filings per category × township against their
// own baseline with the EARS C2 rule (packages/core/src/spikes.ts) and tells the supervisors and
// analysts in their inbox, once per spike, with the cases behind it.
import { Injectable, Logger } from '@nestjs/common';
import {
  DomainError,
  EARS_C2,
  ErrorCode,
  earsBaselineDays,
  earsC2,
  matterLinkFor,
  shanghaiDate,
  type Spike,
  type SpikeDetail,
  type SpikesQuery,
  type SpikesResponse,
} from '@hotline/core';
import { requirePermission } from '../auth/permission';
import type { Principal } from '../auth/tokens';
import { DirectoryRepository } from '../directory/directory.repository';
import { SpikesRepository, type SpikeRow } from './spikes.repository';
import { matterCasesOf } from './matter-cases';

export const SPIKE_INBOX_KIND = 'spike';

@Injectable()
export class SpikesService {
  private readonly logger = new Logger(SpikesService.name);

  constructor(
    private readonly repository: SpikesRepository,
    private readonly directory: DirectoryRepository,
  ) {}

  /** Tests the Shanghai day of `now` so far; answers the spikes announced by this call. */
  async detect(now: Date = new Date()): Promise<number> {
    const day = shanghaiDate(now);
    const announcedAlready = new Set((await this.repository.list(day, day)).map((s) => `${s.category_code}|${s.township_code}`));
    const candidates = (await this.repository.filedPerDay([day], EARS_C2.minCount)).filter(
      (c) => !announcedAlready.has(`${c.categoryCode}|${c.townshipCode}`),
    );
    if (candidates.length === 0) return 0;
    const baselineDays = earsBaselineDays(day);
    const history = new Map<string, number>();
    for (const r of await this.repository.filedPerDay(baselineDays)) history.set(`${r.categoryCode}|${r.townshipCode}|${r.day}`, r.count);
    const names = await this.directory.names({
      categories: candidates.map((c) => c.categoryCode),
      areas: candidates.map((c) => c.townshipCode),
    });
    let announced = 0;
    for (const c of candidates) {
      const baseline = baselineDays.map((d) => history.get(`${c.categoryCode}|${c.townshipCode}|${d}`) ?? 0);
      const test = earsC2(c.count, baseline);
      if (!test.spike) continue;
      const [latest] = await this.repository.casesFiled(day, c.categoryCode, c.townshipCode, 1);
      const recipients = latest ? await this.repository.recipients() : [];
      const category = names.categories.get(c.categoryCode) ?? c.categoryCode;
      const township = names.areas.get(c.townshipCode) ?? c.townshipCode;
      const spike = await this.repository.insertOnce(
        {
          day,
          category_code: c.categoryCode,
          township_code: c.townshipCode,
          count: c.count,
          mean: test.mean,
          sd: test.sd,
          threshold: test.threshold,
          detected_at: now.toISOString(),
        },
        (row) =>
          recipients.map((user) => ({
            user_id: user.id,
            case_id: latest!.id,
            event_id: row.id,
            kind: SPIKE_INBOX_KIND,
            title: `诉求突增：${township}「${category}」今日${c.count}件`,
            body: `高于近期基线（${baselineDays[0]}至${baselineDays[6]}日均${test.mean}件，标准差${test.sd}，预警线${test.threshold}件）。点击查看这些工单。`,
            link: matterLinkFor('spike', row.id),
            created_at: now.toISOString(),
            read_at: null,
          })),
      );
      if (spike) announced += 1;
    }
    if (announced) this.logger.log(`spikes: ${announced} announced for ${day}`);
    return announced;
  }

  async list(query: SpikesQuery, principal: Principal): Promise<SpikesResponse> {
    requirePermission(principal, 'measures.read');
    const rows = await this.repository.list(query.from, query.to);
    return { items: await this.toSpikes(rows) };
  }

  async get(id: number, principal: Principal): Promise<SpikeDetail> {
    requirePermission(principal, 'measures.read');
    const row = await this.repository.byId(id);
    if (!row) throw new DomainError(ErrorCode.NOT_FOUND, '预警不存在');
    const [spike] = await this.toSpikes([row]);
    const cases = await this.repository.casesFiled(row.day, row.category_code, row.township_code);
    return {
      ...spike!,
      cases: matterCasesOf(cases),
    };
  }

  private async toSpikes(rows: SpikeRow[]): Promise<Spike[]> {
    const names = await this.directory.names({
      categories: rows.map((r) => r.category_code),
      areas: rows.map((r) => r.township_code),
    });
    return rows.map((r) => ({
      id: r.id,
      day: r.day,
      categoryCode: r.category_code,
      categoryName: names.categories.get(r.category_code) ?? r.category_code,
      townshipCode: r.township_code,
      townshipName: names.areas.get(r.township_code) ?? r.township_code,
      count: Number(r.count),
      mean: Number(r.mean),
      sd: Number(r.sd),
      threshold: Number(r.threshold),
      detectedAt: r.detected_at,
    }));
  }
}
