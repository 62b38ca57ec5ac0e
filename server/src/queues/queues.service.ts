// The queues a worker's day is organised by. Centre roles and the analyst see every case; a unit's
// staff see the cases their unit may open: those it holds, those it forwarded to one of its villages
// (it stays responsible), and those it assists. Residents' phone numbers are masked for the centre
// and never shown to units; units learn nothing about an anonymous filer.
import { Injectable } from '@nestjs/common';
import {
  can,
  isUnitRole,
  DomainError,
  ErrorCode,
  fromShanghaiLocal,
  isIsoDate,
  filerContactFor,
  filerViewerOf,
  type FilerViewer,
  queueTabs,
  type QueueCounts,
  type QueueFilters,
  type QueueItem,
  type QueuePage,
  type QueueTab,
} from '@hotline/core';
import type { Principal } from '../auth/tokens';
import { PhoneVault } from '../privacy/phone-vault';
import { QueuesRepository, type Keyset, type QueueCriteria, type QueueRow, type QueueScope } from './queues.repository';

const DAY_MS = 24 * 60 * 60 * 1000;

export function encodeCursor(row: Pick<QueueRow, 'due_at' | 'id'>): string {
  return Buffer.from(JSON.stringify([row.due_at, row.id])).toString('base64url');
}

export function decodeCursor(cursor: string): Keyset {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      (value[0] === null || typeof value[0] === 'string') &&
      typeof value[1] === 'string'
    ) {
      return { dueAt: value[0] as string | null, id: value[1] };
    }
  } catch {
    // falls through to the validation error
  }
  throw new DomainError(ErrorCode.VALIDATION_FAILED, '分页游标无效，请从第一页重新加载', [
    { field: 'cursor', code: 'invalid_cursor', message: '分页游标无效' },
  ]);
}

/** A date filter means Shanghai days: `from` at its midnight, `to` through its end. */
function instant(value: string, endOfDay: boolean): string {
  if (!isIsoDate(value)) return new Date(value).toISOString();
  const midnight = fromShanghaiLocal(`${value}T00:00`).getTime();
  return new Date(endOfDay ? midnight + DAY_MS : midnight).toISOString();
}

export function criteriaOf(filters: QueueFilters): QueueCriteria {
  return {
    ...filters,
    from: filters.from ? instant(filters.from, false) : undefined,
    to: filters.to ? instant(filters.to, true) : undefined,
  };
}

@Injectable()
export class QueuesService {
  constructor(
    private readonly repository: QueuesRepository,
    private readonly vault: PhoneVault,
  ) {}

  async page(
    principal: Principal,
    tab: QueueTab,
    filters: QueueFilters & { cursor?: string; limit: number },
  ): Promise<QueuePage> {
    const scope = this.scopeOf(principal);
    const { cursor, limit, ...rest } = filters;
    const rows = await this.repository.page(tab, scope, criteriaOf(rest), cursor ? decodeCursor(cursor) : null, limit);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      tab,
      items: page.map((row) => this.toItem(row, filerViewerOf(principal.role))),
      nextCursor: rows.length > limit && last ? encodeCursor(last) : null,
    };
  }

  /**
   * Every case of a tab that the list would show for these filters, in the list's order and with
   * its masking, one keyset page at a time (for exports: memory stays one page whatever the total).
   * The scope is checked now, before the first page is read.
   */
  exportPages(principal: Principal, tab: QueueTab, filters: QueueFilters, pageSize = 500): AsyncGenerator<QueueItem[]> {
    const scope = this.scopeOf(principal);
    const criteria = criteriaOf(filters);
    const viewer = filerViewerOf(principal.role);
    const repository = this.repository;
    const toItem = (row: QueueRow) => this.toItem(row, viewer);
    return (async function* pages() {
      let after: Keyset | null = null;
      for (;;) {
        const rows = await repository.page(tab, scope, criteria, after, pageSize);
        const page = rows.slice(0, pageSize);
        yield page.map(toItem);
        const last = page[page.length - 1];
        if (rows.length <= pageSize || !last) return;
        after = { dueAt: last.due_at, id: last.id };
      }
    })();
  }

  async counts(principal: Principal, filters: QueueFilters): Promise<QueueCounts> {
    const scope = this.scopeOf(principal);
    return this.repository.counts(queueTabs, scope, criteriaOf(filters));
  }

  private scopeOf(principal: Principal): QueueScope {
    if (can(principal.role, 'queues.allCases')) return { kind: 'all' };
    if (isUnitRole(principal.role) && principal.unitId) return { kind: 'unit', unitId: principal.unitId };
    throw new DomainError(ErrorCode.FORBIDDEN);
  }

  private toItem(row: QueueRow, viewer: FilerViewer): QueueItem {
    const anonymous = row.anonymous === 1;
    const contact = filerContactFor(
      viewer,
      {
        name: row.contact_name,
        phone: viewer === 'centre' && row.contact_phone_enc ? this.vault.decrypt(row.contact_phone_enc) : null,
        anonymous,
      },
      'list',
    );
    return {
      id: row.id,
      trackingNumber: row.tracking_number,
      status: row.status as QueueItem['status'],
      deadlineState: row.deadline_state as QueueItem['deadlineState'],
      supervised: row.supervised === 1,
      problem: row.problem === 1,
      extensionPending: row.extension_pending === 1,
      demandType: row.demand_type as QueueItem['demandType'],
      urgency: row.urgency as QueueItem['urgency'],
      channel: row.channel as QueueItem['channel'],
      categoryCode: row.category_code,
      summary: Array.from(row.description).slice(0, 120).join(''),
      address: row.address,
      townshipCode: row.township_code,
      villageCode: row.village_code,
      leadUnitId: row.lead_unit_id,
      assigneeUnitId: row.assignee_unit_id,
      step: row.step,
      warnAt: row.warn_at,
      dueAt: row.due_at,
      createdAt: row.created_at,
      anonymous,
      contactName: contact.name,
      contactPhone: contact.phone,
    };
  }
}
