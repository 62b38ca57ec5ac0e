// The directory of units and categories that staff pick from when they dispatch, forward or
// take a call. Every staff role may read it; residents use the public category tree instead.
import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, type StaffDirectory } from '@hotline/core';
import type { Principal } from '../auth/tokens';
import { DirectoryRepository } from './directory.repository';

export const DIRECTORY_ROLES = [
  'operator',
  'dispatcher',
  'supervisor',
  'handler',
  'unit_manager',
  'analyst',
  'admin',
] as const;

@Injectable()
export class DirectoryService {
  constructor(private readonly directory: DirectoryRepository) {}

  async staffDirectory(principal: Principal): Promise<StaffDirectory> {
    if (!(DIRECTORY_ROLES as readonly string[]).includes(principal.role)) throw new DomainError(ErrorCode.FORBIDDEN);
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
