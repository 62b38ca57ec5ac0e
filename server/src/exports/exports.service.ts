// Exports: a queue tab's cases and the measures table as CSV or XLSX files. The cases come from
// the queue itself (QueuesService.exportPages: same scope, same order, same masking as the list),
// read a keyset page at a time; the measures from MeasuresService (same access and checks as the
// page). Every export is written to the audit trail before its first byte: a county must be able
// to tell who took which personal data out of the system.
import { Injectable } from '@nestjs/common';
import {
  type CaseExportQuery,
  type ExportFormat,
  type MeasuresExportQuery,
  type QueueFilters,
  type QueueItem,
  type QueueTab,
  DomainError,
  can,
  ErrorCode,
  MAX_ANALYTICS_YEARS,
  caseExportColumnsZhCN,
  exportFileNamesZhCN,
  exportValuesZhCN,
  filerViewerOf,
  measureRates,
  measuresExportColumnsZhCN,
  shanghaiDate,
  toShanghaiLocal,
} from '@hotline/core';
import { AdminAuditRepository } from '../admin/admin-audit.repository';
import { requirePermission } from '../auth/permission';
import type { Principal } from '../auth/tokens';
import { DirectoryRepository } from '../directory/directory.repository';
import { MeasuresService } from '../measures/measures.service';
import { QueuesService, criteriaOf } from '../queues/queues.service';
import { type ExportCell, type ExportTable, tableStream } from './table-writers';
import type { Readable } from 'node:stream';

export interface ExportFile {
  format: ExportFormat;
  /** The name the reader's download shows (Chinese), and an ASCII one for old clients. */
  fileName: string;
  asciiFileName: string;
  stream: Readable;
}

const invalid = (field: string, message: string) =>
  new DomainError(ErrorCode.VALIDATION_FAILED, message, [{ field, code: 'invalid', message }]);

const MAX_SPAN_MS = MAX_ANALYTICS_YEARS * 366 * 24 * 60 * 60 * 1000;

const caseColumns = Object.keys(caseExportColumnsZhCN) as (keyof typeof caseExportColumnsZhCN)[];

/** An instant as Shanghai wall time, 'YYYY-MM-DD HH:mm', the way staff read times. */
function localTime(iso: string | null): string | null {
  return iso ? toShanghaiLocal(new Date(iso)).replace('T', ' ').slice(0, 16) : null;
}

function percentPoints(value: number | null): number | null {
  return value === null ? null : Math.round(value * 1000) / 10;
}

@Injectable()
export class ExportsService {
  constructor(
    private readonly queues: QueuesService,
    private readonly measures: MeasuresService,
    private readonly names: DirectoryRepository,
    private readonly audit: AdminAuditRepository,
  ) {}

  async cases(principal: Principal, tab: QueueTab, query: CaseExportQuery): Promise<ExportFile> {
    requirePermission(principal, 'exports.cases');
    const { format, ...filters } = query;
    await this.checkCaseFilters(principal, filters);
    const pages = this.queues.exportPages(principal, tab, filters);
    await this.record(principal, `cases:${tab}`, { format, tab, filters, viewer: filerViewerOf(principal.role) });
    const book = new NameBook(this.names);
    const table: ExportTable = {
      sheetName: exportFileNamesZhCN.casesSheet,
      header: caseColumns.map((c) => caseExportColumnsZhCN[c]),
      pages: (async function* rows() {
        for await (const page of pages) yield await caseRows(page, book);
      })(),
    };
    const date = shanghaiDate(new Date());
    return {
      format,
      fileName: `${exportFileNamesZhCN.cases(tab, date)}.${format}`,
      asciiFileName: `cases-${tab}-${date}.${format}`,
      stream: tableStream(format, table),
    };
  }

  async measuresFile(principal: Principal, query: MeasuresExportQuery): Promise<ExportFile> {
    const { format, ...measuresQuery } = query;
    // The page's own access rule and checks (unknown unit, category or township; a unit manager's scope).
    const data = await this.measures.measures(measuresQuery, principal);
    await this.record(principal, `measures:${query.by}`, { format, query: measuresQuery });
    const c = measuresExportColumnsZhCN;
    const header = [
      c.rank,
      c.name[data.by],
      c.filed,
      c.dispatched,
      c.replied,
      c.rated,
      ...measureRates.map((r) => `${c.rates[r]}（%）`),
      c.averageReplyHours,
      c.score,
      c.previousRank,
      ...measureRates.map((r) => c.change(c.rates[r])),
    ];
    const rows: ExportCell[][] = data.rows.map((row) => [
      row.rank,
      row.name,
      row.counts.filed,
      row.counts.dispatched,
      row.counts.replied,
      row.counts.rated,
      ...measureRates.map((r) => percentPoints(row.rates[r])),
      row.averageReplyHours === null ? null : Math.round(row.averageReplyHours * 10) / 10,
      percentPoints(row.score),
      row.previous.rank,
      ...measureRates.map((r) => percentPoints(row.change[r])),
    ]);
    const table: ExportTable = {
      sheetName: exportFileNamesZhCN.measuresSheet,
      header,
      pages: (async function* one() {
        yield rows;
      })(),
    };
    return {
      format,
      fileName: `${exportFileNamesZhCN.measures(data.from, data.to)}.${format}`,
      asciiFileName: `measures-${data.by}-${data.from}-${data.to}.${format}`,
      stream: tableStream(format, table),
    };
  }

  /** Filters that name nothing known, or a period of more than 5 years, answer 400 before any row is read. */
  private async checkCaseFilters(principal: Principal, filters: QueueFilters): Promise<void> {
    const criteria = criteriaOf(filters);
    if (criteria.from && criteria.to) {
      const span = Date.parse(criteria.to) - Date.parse(criteria.from);
      if (span < 0) throw invalid('to', '开始日期不能晚于结束日期');
      if (span > MAX_SPAN_MS) throw invalid('to', `导出时段不能超过${MAX_ANALYTICS_YEARS}年`);
    }
    if (filters.unitId) {
      const known = (await this.names.units([filters.unitId])).length > 0;
      // A unit outside a unit reader's own (and its villages) answers like one that does not exist.
      const own =
        principal.unitId && !can(principal.role, 'queues.allCases')
          ? await this.names.unitWithChildren(principal.unitId)
          : null;
      if (!known || (own && !own.includes(filters.unitId))) throw invalid('unitId', '单位不存在');
    }
    if (filters.categoryCode && (await this.names.categories([filters.categoryCode])).length === 0) {
      throw invalid('categoryCode', '诉求分类不存在');
    }
    if (filters.townshipCode && (await this.names.townships([filters.townshipCode])).length === 0) {
      throw invalid('townshipCode', '乡镇（街道）不存在');
    }
  }

  private async record(principal: Principal, entityKey: string, after: unknown): Promise<void> {
    await this.audit.record({
      at: new Date().toISOString(),
      actorId: principal.userId,
      entity: 'export',
      entityKey,
      action: 'create',
      before: null,
      after,
    });
  }
}

/** One page of queue items as cells, with units, categories and townships by name. */
async function caseRows(items: QueueItem[], book: NameBook): Promise<ExportCell[][]> {
  await book.learn(items);
  const v = exportValuesZhCN;
  return items.map((item) => {
    const flags: (string | null)[] = [
      item.supervised ? v.flags.supervised : null,
      item.problem ? v.flags.problem : null,
      item.extensionPending ? v.flags.extensionPending : null,
      item.anonymous ? v.flags.anonymous : null,
    ];
    const cells: Record<(typeof caseColumns)[number], ExportCell> = {
      trackingNumber: item.trackingNumber,
      status: v.status[item.status],
      deadlineState: v.deadlineState[item.deadlineState],
      flags: flags.filter((f) => f !== null).join('、'),
      demandType: v.demandType[item.demandType],
      urgency: v.urgency[item.urgency],
      channel: v.channel[item.channel],
      category: item.categoryCode ? (book.categories.get(item.categoryCode) ?? item.categoryCode) : null,
      summary: item.summary,
      address: item.address,
      township: item.townshipCode ? (book.townships.get(item.townshipCode) ?? item.townshipCode) : null,
      assigneeUnit: item.assigneeUnitId ? (book.units.get(item.assigneeUnitId) ?? item.assigneeUnitId) : null,
      leadUnit: item.leadUnitId ? (book.units.get(item.leadUnitId) ?? item.leadUnitId) : null,
      step: item.step ? (v.step[item.step] ?? item.step) : null,
      dueAt: localTime(item.dueAt),
      createdAt: localTime(item.createdAt),
      contactName: item.anonymous && item.contactName === null ? v.anonymousFiler : item.contactName,
      contactPhone: item.contactPhone,
    };
    return caseColumns.map((c) => cells[c]);
  });
}

/** Names of the units, categories and townships one export met, looked up once each. */
class NameBook {
  readonly units = new Map<string, string>();
  readonly categories = new Map<string, string>();
  readonly townships = new Map<string, string>();

  constructor(private readonly names: DirectoryRepository) {}

  async learn(items: QueueItem[]): Promise<void> {
    const missing = (known: Map<string, string>, values: (string | null)[]) => [
      ...new Set(values.filter((x): x is string => x !== null && !known.has(x))),
    ];
    const units = missing(
      this.units,
      items.flatMap((i) => [i.assigneeUnitId, i.leadUnitId]),
    );
    const categories = missing(
      this.categories,
      items.map((i) => i.categoryCode),
    );
    const townships = missing(
      this.townships,
      items.map((i) => i.townshipCode),
    );
    for (const u of await this.names.units(units)) this.units.set(u.id, u.name);
    for (const c of await this.names.categories(categories)) this.categories.set(c.code, c.name);
    for (const t of await this.names.townships(townships)) this.townships.set(t.code, t.name);
    // Not found (deleted since): shown by its code, and not asked for again.
    for (const [known, asked] of [
      [this.units, units],
      [this.categories, categories],
      [this.townships, townships],
    ] as const) {
      for (const key of asked) if (!known.has(key)) known.set(key, key);
    }
  }
}
