// SQL the staff workflow reads beside the case core: cases by caller, the directory entries an
// action names (areas, categories, knowledge entries, units), the catalogue and display names.
import { Injectable } from '@nestjs/common';
import type { CaseRow } from '../cases/cases.repository';
import { KyselyRepository } from '../database/repository';

export interface CatalogueRuleRow {
  area_code: string | null;
  role: 'lead' | 'assist';
  unit_id: string;
  unit_code: string;
  unit_name: string;
  unit_kind: 'centre' | 'department' | 'township' | 'village';
}

@Injectable()
export class WorkflowRepository extends KyselyRepository {
  /** A caller's cases, newest first (uses cases_contact_phone_idx). */
  casesByPhoneHash(hash: string, limit: number): Promise<CaseRow[]> {
    return this.db
      .selectFrom('cases')
      .selectAll()
      .where('contact_phone_hash', '=', hash)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
  }

  findActiveKnowledgeEntry(id: string) {
    return this.db
      .selectFrom('knowledge_entries')
      .select(['id', 'code', 'title', 'answer'])
      .where('id', '=', id)
      .where('active', '=', 1)
      .executeTakeFirst();
  }

  catalogueRules(categoryCode: string): Promise<CatalogueRuleRow[]> {
    return this.db
      .selectFrom('catalogue_rules as r')
      .innerJoin('units as u', 'u.id', 'r.unit_id')
      .select([
        'r.area_code',
        'r.role',
        'r.unit_id',
        'u.code as unit_code',
        'u.name as unit_name',
        'u.kind as unit_kind',
      ])
      .where('r.category_code', '=', categoryCode)
      .where('u.active', '=', 1)
      .orderBy('r.role', 'desc')
      .orderBy('u.code')
      .execute();
  }

  async userNames(ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db.selectFrom('users').select(['id', 'name']).where('id', 'in', ids).execute();
    return new Map(rows.map((r) => [r.id, r.name]));
  }
}
