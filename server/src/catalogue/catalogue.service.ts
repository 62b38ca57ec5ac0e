// Builds the category tree residents choose from, from the flat table.
import { Injectable } from '@nestjs/common';
import type { CategoryNode, CategoryTreeResponse } from '@hotline/core';
import { questionsOf } from './answers';
import { CatalogueRepository, type CategoryRow } from './catalogue.repository';

const DEMAND_TYPES = new Set(['consultation', 'help', 'complaint', 'report', 'suggestion', 'praise']);

function toNode(row: CategoryRow): CategoryNode {
  return {
    code: row.code,
    name: row.name,
    leaf: row.is_leaf === 1,
    defaultDemandType: row.default_demand_type && DEMAND_TYPES.has(row.default_demand_type)
      ? (row.default_demand_type as CategoryNode['defaultDemandType'])
      : null,
    duty: row.duty,
    questions: row.is_leaf === 1 ? questionsOf(row) : [],
    children: [],
  };
}

@Injectable()
export class CatalogueService {
  constructor(private readonly repository: CatalogueRepository) {}

  async tree(): Promise<CategoryTreeResponse> {
    const rows = await this.repository.listCategories();
    const nodes = new Map(rows.map((row) => [row.code, toNode(row)]));
    const roots: CategoryNode[] = [];
    for (const row of rows) {
      const node = nodes.get(row.code)!;
      const parent = row.parent_code ? nodes.get(row.parent_code) : undefined;
      if (parent) parent.children.push(node);
      else roots.push(node);
    }
    return { items: roots };
  }
}
