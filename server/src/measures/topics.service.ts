// 每月一题: an analyst marks the matter (category + township) the centre takes up in a month; its
// page shows the matter's volume and rates month by month, six months before to six after, from
// the same roll-ups as the trends.
import { Injectable } from '@nestjs/common';
import {
  DomainError,
  ErrorCode,
  shanghaiDate,
  type CreateTopic,
  type Topic,
  type TopicDetail,
} from '@hotline/core';
import { requirePermission } from '../auth/permission';
import type { Principal } from '../auth/tokens';
import { DirectoryRepository } from '../directory/directory.repository';
import { MeasuresService } from './measures.service';
import { TopicsRepository, type TopicRow } from './topics.repository';

const SPAN_MONTHS = 6;
const invalid = (field: string, message: string) => new DomainError(ErrorCode.VALIDATION_FAILED, message, { field });

function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 + n, 1));
  return d.toISOString().slice(0, 7);
}
const lastDay = (month: string) => new Date(Date.parse(`${addMonths(month, 1)}-01T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

@Injectable()
export class TopicsService {
  constructor(
    private readonly topics: TopicsRepository,
    private readonly names: DirectoryRepository,
    private readonly measures: MeasuresService,
  ) {}

  async create(body: CreateTopic, principal: Principal): Promise<Topic> {
    requirePermission(principal, 'analytics.topics');
    if ((await this.names.categories([body.categoryCode])).length === 0) throw invalid('categoryCode', '诉求分类不存在');
    if (body.townshipCode && (await this.names.townships([body.townshipCode])).length === 0)
      throw invalid('townshipCode', '乡镇（街道）不存在');
    const row = await this.topics.insert({
      month: body.month,
      category_code: body.categoryCode,
      township_code: body.townshipCode ?? null,
      title: body.title,
      created_by: principal.userId,
      created_at: new Date().toISOString(),
    });
    if (!row) throw new DomainError(ErrorCode.CONFLICT, `${body.month} 已有每月一题`, { field: 'month' });
    return (await this.toTopics([row]))[0]!;
  }

  async list(principal: Principal): Promise<{ items: Topic[] }> {
    requirePermission(principal, 'measures.read');
    return { items: await this.toTopics(await this.topics.list()) };
  }

  async get(id: number, principal: Principal): Promise<TopicDetail> {
    requirePermission(principal, 'measures.read');
    const row = await this.topics.byId(id);
    if (!row) throw new DomainError(ErrorCode.NOT_FOUND, '每月一题不存在');
    const thisMonth = shanghaiDate(new Date()).slice(0, 7);
    const first = addMonths(row.month, -SPAN_MONTHS);
    const lastMonth = [addMonths(row.month, SPAN_MONTHS), thisMonth].sort()[0]!;
    const trend = await this.measures.trends(
      {
        from: `${first}-01`,
        to: lastMonth < row.month ? lastDay(row.month) : lastDay(lastMonth),
        interval: 'month',
        categoryCode: row.category_code,
        ...(row.township_code ? { townshipCode: row.township_code } : {}),
      },
      principal,
    );
    const [topic] = await this.toTopics([row]);
    return {
      ...topic!,
      months: trend.points.map((p) => ({ ...p, phase: p.period < row.month ? 'before' : p.period === row.month ? 'topic' : 'after' })),
    };
  }

  private async toTopics(rows: TopicRow[]): Promise<Topic[]> {
    const [categories, townships] = await Promise.all([
      this.names.categories([...new Set(rows.map((r) => r.category_code))]),
      this.names.townships([...new Set(rows.flatMap((r) => (r.township_code ? [r.township_code] : [])))]),
    ]);
    const category = new Map(categories.map((c) => [c.code, c.name]));
    const township = new Map(townships.map((t) => [t.code, t.name]));
    return rows.map((r) => ({
      id: r.id,
      month: r.month,
      categoryCode: r.category_code,
      categoryName: category.get(r.category_code) ?? r.category_code,
      townshipCode: r.township_code,
      townshipName: r.township_code ? (township.get(r.township_code) ?? null) : null,
      title: r.title,
      createdAt: r.created_at,
    }));
  }
}
