// Retention (PIPL): a closed case keeps its filer's personal data for the period the admin sets
// (default 3 years), then the scheduler anonymises it: name, phone and address go, the point is
// rounded to ~100 m, and the resident's photos are removed unless the policy keeps them. Each
// anonymising is an internal event in the case's audit chain; policy changes are admin-audited.
import { Injectable, Logger } from '@nestjs/common';
import {
  anonymiseCutoff,
  defaultRetentionPolicy,
  DomainError,
  ErrorCode,
  retentionPolicySchema,
  roundCoordinate,
  type RetentionPolicy,
  type RetentionResponse,
} from '@hotline/core';
import { TimeRulesRepository } from '../admin/time-rules.repository';
import type { Principal } from '../auth/tokens';
import { SYSTEM_ACTOR } from '../cases/case-workflow.service';
import { CasesRepository } from '../cases/cases.repository';
import { MediaService } from '../media/media.service';
import { RetentionRepository } from './retention.repository';

export const RETENTION_SETTING_KEY = 'privacy_retention';
const BATCH = 200;

@Injectable()
export class RetentionService {
  private readonly logger = new Logger(RetentionService.name);

  constructor(
    private readonly repository: RetentionRepository,
    private readonly settings: TimeRulesRepository,
    private readonly cases: CasesRepository,
    private readonly media: MediaService,
  ) {}

  policyFor(principal: Principal): Promise<RetentionResponse> {
    requireAdmin(principal);
    return this.policy();
  }

  async policy(): Promise<RetentionResponse> {
    const row = await this.settings.findSetting(RETENTION_SETTING_KEY);
    const parsed = row ? retentionPolicySchema.safeParse(JSON.parse(row.value)) : null;
    if (parsed && !parsed.success) this.logger.error(`settings.${RETENTION_SETTING_KEY} is invalid; using the default`);
    return parsed?.success ? { ...parsed.data, isDefault: false } : { ...defaultRetentionPolicy, isDefault: true };
  }

  async savePolicy(principal: Principal, policy: RetentionPolicy): Promise<RetentionResponse> {
    requireAdmin(principal);
    const { isDefault, ...before } = await this.policy();
    const at = new Date().toISOString();
    await this.settings.saveSetting(RETENTION_SETTING_KEY, JSON.stringify(policy), at, principal.userId, () => ({
      at,
      actorId: principal.userId,
      entity: 'retention',
      entityKey: RETENTION_SETTING_KEY,
      action: isDefault ? 'create' : 'update',
      before,
      after: policy,
    }));
    return this.policy();
  }

  /** Anonymises every case closed longer ago than the policy allows; returns how many. */
  async anonymiseDue(now: Date): Promise<number> {
    const policy = await this.policy();
    const cutoff = anonymiseCutoff(now, policy).toISOString();
    let done = 0;
    for (;;) {
      const due = await this.repository.due(cutoff, BATCH);
      for (const c of due) {
        const photos = policy.photos === 'remove' && c.filer_user_id ? await this.repository.filerPhotos(c.id, c.filer_user_id) : [];
        const removed = new Set(photos.map((p) => p.id));
        const mediaIds = (JSON.parse(c.media_ids) as string[]).filter((id) => !removed.has(id));
        await this.cases.transaction(async (trx) => {
          await this.repository.deletePhotos(trx, [...removed]);
          await this.repository.anonymise(trx, c.id, {
            lat: c.lat === null ? null : roundCoordinate(c.lat),
            lng: c.lng === null ? null : roundCoordinate(c.lng),
            mediaIds: JSON.stringify(mediaIds),
            at: now.toISOString(),
          });
          await this.cases.appendEvent(trx, c.id, {
            type: 'anonymise',
            fromStatus: c.status,
            toStatus: c.status,
            actorKind: 'system',
            actorUserId: SYSTEM_ACTOR.userId,
            actorRole: SYSTEM_ACTOR.role,
            actorUnitId: null,
            at: now.toISOString(),
            payload: { afterDays: policy.anonymiseAfterDays, photosRemoved: removed.size },
            visibility: 'internal',
          });
        });
        await this.media.deleteFiles(photos);
      }
      done += due.length;
      if (due.length < BATCH) break;
    }
    if (done) this.logger.log(`retention: anonymised ${done} closed cases`);
    return done;
  }
}

function requireAdmin(principal: Principal): void {
  if (principal.role !== 'admin') throw new DomainError(ErrorCode.FORBIDDEN);
}
