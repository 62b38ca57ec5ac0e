// The directory of units and categories that staff pick from when they dispatch, forward or
// take a call. Every staff role may read it; residents use the public category tree instead.
import { Injectable } from '@nestjs/common';
import { defaultOfficeHours, type StaffDirectory } from '@hotline/core';
import { requirePermission } from '../auth/permission';
import type { Principal } from '../auth/tokens';
import { CalendarService } from '../admin/calendar.service';
import { PolicyService } from '../admin/policy.service';
import { TimeRulesRepository } from '../admin/time-rules.repository';
import { DirectoryRepository } from './directory.repository';

@Injectable()
export class DirectoryService {
  constructor(
    private readonly directory: DirectoryRepository,
    private readonly policies: PolicyService,
    private readonly calendars: CalendarService,
    private readonly timeRules: TimeRulesRepository,
  ) {}

  async staffDirectory(principal: Principal): Promise<StaffDirectory> {
    requirePermission(principal, 'directory.read');
    const [units, categories, policy, { periods: officeHours }, overrides] = await Promise.all([
      this.directory.activeUnits(),
      this.directory.categoryTree(),
      this.policies.policy(),
      this.calendars.officeHours(),
      this.timeRules.allOverrides(),
    ]);
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
      timeRules: {
        policy,
        calendar: {
          officeHours: officeHours ?? [...defaultOfficeHours],
          overrides: overrides.map((o) => ({ date: o.date, kind: o.kind as 'holiday' | 'workday' })),
        },
      },
    };
  }
}
