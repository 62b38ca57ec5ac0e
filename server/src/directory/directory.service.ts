// The directory of units and categories that staff pick from when they dispatch, forward or
// take a call. Every staff role may read it; residents use the public category tree instead.
import { Injectable } from '@nestjs/common';
import type { StaffDirectory } from '@hotline/core';
import { requirePermission } from '../auth/permission';
import type { Principal } from '../auth/tokens';
import { DirectoryRepository } from './directory.repository';

@Injectable()
export class DirectoryService {
  constructor(private readonly directory: DirectoryRepository) {}

  async staffDirectory(principal: Principal): Promise<StaffDirectory> {
    requirePermission(principal, 'directory.read');
    const [units, categories] = await Promise.all([this.directory.activeUnits(), this.directory.categoryTree()]);
    return {
      units: units.map((u) => ({
        id: u.id,
        code: u.code,
        name: u.name,
        kind: u.kind,
        parentId: u.parent_id,
        areaCode: u.area_code,
      })),
      categories: categories.map((c) => ({
        code: c.code,
        name: c.name,
        parentCode: c.parent_code,
        isLeaf: c.is_leaf === 1,
        duty: c.duty,
      })),
    };
  }
}
