// SQL for Open311 reads: the leaf categories as services, cases as requests (never a contact
// column), their public events and the names of the units that hold them.
import { Injectable } from '@nestjs/common';
import { KyselyRepository } from '../database/repository';

export interface RequestFilter {
  trackingNumbers?: string[];
  categoryCode?: string;
  from: string;
  to: string;
  statuses: readonly string[];
  limit: number;
}

const REQUEST_COLUMNS = [
  'id',
  'tracking_number',
  'status',
  'category_code',
  'description',
  'address',
  'lat',
  'lng',
  'anonymous',
  'contact_name',
  'assignee_unit_id',
  'lead_unit_id',
  'due_at',
  'created_at',
  'updated_at',
] as const;

@Injectable()
export class Open311Repository extends KyselyRepository {
  categories() {
    return this.db
      .selectFrom('categories')
      .select(['code', 'name', 'parent_code', 'is_leaf', 'questions_json'])
      .orderBy('sort_order')
      .orderBy('code')
      .execute();
  }

  requests(filter: RequestFilter) {
    let q = this.db.selectFrom('cases').select(REQUEST_COLUMNS).where('status', 'in', filter.statuses);
    if (filter.trackingNumbers) {
      q = q.where('tracking_number', 'in', filter.trackingNumbers);
    } else {
      q = q.where('created_at', '>=', filter.from).where('created_at', '<=', filter.to);
      if (filter.categoryCode) q = q.where('category_code', '=', filter.categoryCode);
    }
    return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(filter.limit).execute();
  }

  caseById(id: string) {
    return this.db.selectFrom('cases').select(['id', 'tracking_number', 'status']).where('id', '=', id).executeTakeFirst();
  }

  publicEvents(caseIds: string[]) {
    if (caseIds.length === 0) return Promise.resolve([]);
    return this.db
      .selectFrom('case_events')
      .select(['case_id', 'seq', 'type', 'actor_kind', 'payload_json'])
      .where('case_id', 'in', caseIds)
      .where('visibility', '=', 'public')
      .orderBy('case_id')
      .orderBy('seq')
      .execute();
  }
}

export type Open311CaseRow = Awaited<ReturnType<Open311Repository['requests']>>[number];
