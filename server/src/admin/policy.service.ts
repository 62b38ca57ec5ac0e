// The time-limit policy in force: the admin's saved policy, or core's defaults until one is saved.
// Cached like the calendar; an edit invalidates at once.
import { Injectable, Logger } from '@nestjs/common';
import { defaultTimeLimitPolicy, timeLimitPolicySchema, type TimeLimitPolicy } from '@hotline/core';
import { TIME_RULES_CACHE_TTL_MS } from './calendar.service';
import { TimeRulesRepository, type SettingRow } from './time-rules.repository';

export interface StoredPolicy {
  policy: TimeLimitPolicy;
  isDefault: boolean;
  updatedAt: string | null;
  updatedBy: string | null;
  /** 0 until an admin saves a policy. */
  version: number;
}

@Injectable()
export class PolicyService {
  private readonly logger = new Logger(PolicyService.name);
  private cached: { at: number; stored: Promise<StoredPolicy> } | null = null;

  constructor(private readonly repository: TimeRulesRepository) {}

  /** The policy new deadlines are computed with. */
  async policy(): Promise<TimeLimitPolicy> {
    return (await this.stored()).policy;
  }

  stored(): Promise<StoredPolicy> {
    const now = Date.now();
    if (!this.cached || now - this.cached.at > TIME_RULES_CACHE_TTL_MS) {
      const stored = this.repository.findPolicySetting().then((row) => this.parse(row));
      this.cached = { at: now, stored };
      stored.catch(() => {
        if (this.cached?.stored === stored) this.cached = null;
      });
    }
    return this.cached.stored;
  }

  invalidate(): void {
    this.cached = null;
  }

  private parse(row: SettingRow | undefined): StoredPolicy {
    if (!row) return { policy: defaultTimeLimitPolicy, isDefault: true, updatedAt: null, updatedBy: null, version: 0 };
    let value: unknown;
    try {
      value = JSON.parse(row.value);
    } catch {
      value = undefined;
    }
    const parsed = timeLimitPolicySchema.safeParse(value);
    if (!parsed.success) {
      // Deadlines must still be computable: fall back to the defaults and say so loudly.
      this.logger.error(`settings.${row.key} is not a valid policy; using the defaults`);
      return {
        policy: defaultTimeLimitPolicy,
        isDefault: true,
        updatedAt: row.updated_at,
        updatedBy: row.updated_by,
        version: row.version,
      };
    }
    return {
      policy: parsed.data,
      isDefault: false,
      updatedAt: row.updated_at,
      updatedBy: row.updated_by,
      version: row.version,
    };
  }
}
