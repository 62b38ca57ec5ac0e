// Retention (PIPL): a closed case keeps its filer's personal data for the period the admin sets
// (default 3 years), then the scheduler anonymises it: name, phone and address go, the point is
// rounded to ~100 m, the resident's photos are removed unless the policy keeps them, and the
// filer's name, numbers and exact address are scrubbed out of the description, the case's event
// texts and its inbox items. Each anonymising is an internal event in the case's audit chain that
// records the keyed digest of every scrubbed event payload (so the trail still verifies); each run
// that anonymised something is an admin-audit entry; policy changes are admin-audited.
import { Injectable, Logger } from '@nestjs/common';
import {
  anonymiseCutoff,
  scrubFiler,
  scrubFilerDeep,
  defaultRetentionPolicy,
  retentionPolicySchema,
  roundCoordinate,
  type RetentionPolicy,
  type RetentionResponse,
} from '@hotline/core';
import { AdminAuditRepository } from '../admin/admin-audit.repository';
import { TimeRulesRepository } from '../admin/time-rules.repository';
import { requirePermission } from '../auth/permission';
import type { Principal } from '../auth/tokens';
import { CaseWorkflowService, SYSTEM_ACTOR } from '../cases/case-workflow.service';
import { CasesRepository } from '../cases/cases.repository';
import { AuditChain, type RedactionRecord } from '../cases/event-chain';
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
    private readonly workflow: CaseWorkflowService,
    private readonly media: MediaService,
    private readonly chain: AuditChain,
    private readonly audit: AdminAuditRepository,
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
    const run = { cases: 0, photosRemoved: 0, eventTextsScrubbed: 0, eventTextsUnscrubbable: 0, inboxItemsScrubbed: 0 };
    for (;;) {
      const due = await this.repository.due(cutoff, BATCH);
      for (const c of due) {
        const photos = policy.photos === 'remove' && c.filer_user_id ? await this.repository.filerPhotos(c.id, c.filer_user_id) : [];
        const removed = new Set(photos.map((p) => p.id));
        const mediaIds = (JSON.parse(c.media_ids) as string[]).filter((id) => !removed.has(id));
        const filer = { name: c.contact_name, address: c.address };
        await this.cases.transaction(async (trx) => {
          const scrubbed: { eventId: number; payload: string }[] = [];
          let unscrubbable = 0;
          for (const e of await this.repository.events(trx, c.id)) {
            const payload = JSON.stringify(scrubFilerDeep(JSON.parse(e.payload_json) as unknown, filer));
            if (payload === e.payload_json) continue;
            if (e.payload_digest === null) unscrubbable += 1;
            else scrubbed.push({ eventId: Number(e.id), payload });
          }
          const redacted: RedactionRecord[] = scrubbed.map((s) => ({ eventId: s.eventId, digest: this.chain.payloadDigest(s.payload) }));
          await this.repository.deletePhotos(trx, [...removed]);
          await this.repository.anonymise(trx, c.id, {
            lat: c.lat === null ? null : roundCoordinate(c.lat),
            lng: c.lng === null ? null : roundCoordinate(c.lng),
            mediaIds: JSON.stringify(mediaIds),
            description: scrubFiler(c.description, filer),
            at: now.toISOString(),
          });
          // The record first: the row guard lets a payload change only under a later anonymise event.
          await this.workflow.record(trx, {
            row: c,
            principal: SYSTEM_ACTOR,
            event: this.workflow.sameStatusEvent(c, 'anonymise', now.toISOString(), {
              afterDays: policy.anonymiseAfterDays,
              photosRemoved: removed.size,
              redacted,
              unscrubbable,
            }),
            visibility: 'internal',
          });
          for (const s of scrubbed) await this.repository.scrubEventPayload(trx, s.eventId, s.payload);
          for (const item of await this.repository.inboxItems(trx, c.id)) {
            const change = { title: scrubFiler(item.title, filer), body: scrubFiler(item.body, filer) };
            if (change.title === item.title && change.body === item.body) continue;
            await this.repository.scrubInboxItem(trx, Number(item.id), change);
            run.inboxItemsScrubbed += 1;
          }
          run.eventTextsScrubbed += scrubbed.length;
          run.eventTextsUnscrubbable += unscrubbable;
        });
        await this.media.deleteFiles(photos);
        run.photosRemoved += removed.size;
      }
      run.cases += due.length;
      if (due.length < BATCH) break;
    }
    if (run.cases) {
      await this.audit.append(this.repository.executor, {
        at: now.toISOString(),
        actorId: 'system',
        entity: 'retention_run',
        entityKey: now.toISOString(),
        action: 'update',
        before: null,
        after: { closedBefore: cutoff, afterDays: policy.anonymiseAfterDays, photos: policy.photos, ...run },
      });
      this.logger.log(`retention: anonymised ${run.cases} closed cases (${JSON.stringify(run)})`);
    }
    return run.cases;
  }
}

const requireAdmin = (principal: Principal) => requirePermission(principal, 'admin.manage');
