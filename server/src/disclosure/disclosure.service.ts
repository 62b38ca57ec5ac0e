// Typical cases made public (典型案例). Nothing is public without both the filer's consent and a
// moderator's approval: the centre picks a closed case with consent, the draft is built with the
// filer named only as surname + 先生/女士, phone and ID numbers removed, the address cut to the
// road, the point rounded; the moderator edits the text (removal runs again on save) and picks
// photos with areas to blur (copies re-encoded without EXIF; none for anonymous filers), then
// publishes or unpublishes. Withdrawn consent takes the case down at once.
import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  type CreateDisclosureRequest,
  type Disclosure,
  DomainError,
  ErrorCode,
  filerTitleText,
  type PublicCaseDetail,
  type PublicCaseSummary,
  type PublicCasesQuery,
  type PublishConsentResponse,
  type UpdateDisclosureRequest,
  addressToRoad,
  redactHouseNumbers,
  redactName,
  redactNumbers,
  roundCoordinate,
} from '@hotline/core';
import { requirePermission } from '../auth/permission';
import type { Principal } from '../auth/tokens';
import { CaseWorkflowService } from '../cases/case-workflow.service';
import { type CaseRow, CasesRepository } from '../cases/cases.repository';
import { type BlurRect, blurRegions } from '../media/blur';
import { MediaService } from '../media/media.service';
import { MEDIA_STORAGE, type MediaStorage } from '../media/media.storage';
import { DirectoryRepository } from '../directory/directory.repository';
import { DisclosureRepository, type PublishedCaseRow } from './disclosure.repository';

const CENTRE = '12345热线';

interface ChosenPhoto {
  mediaId: string;
  blur: BlurRect[];
}

const refuse = (message: string, field?: string) =>
  new DomainError(ErrorCode.VALIDATION_FAILED, message, field ? [{ field, code: 'not_allowed', message }] : undefined);

@Injectable()
export class DisclosureService {
  constructor(
    private readonly repo: DisclosureRepository,
    private readonly directory: DirectoryRepository,
    private readonly cases: CasesRepository,
    private readonly workflow: CaseWorkflowService,
    private readonly media: MediaService,
    @Inject(MEDIA_STORAGE) private readonly storage: MediaStorage,
  ) {}

  // ---- the filer's consent -----------------------------------------------------------------

  async setConsent(principal: Principal, caseId: string, consent: boolean): Promise<PublishConsentResponse> {
    const row = await this.workflow.getVisible(caseId, principal);
    if (row.filer_user_id !== principal.userId) throw new DomainError(ErrorCode.CASE_NOT_FOUND);
    const at = new Date().toISOString();
    await this.repo.setConsent(caseId, consent, at);
    const copy = await this.repo.findByCase(caseId);
    if (!consent && copy?.status === 'published') await this.repo.update(copy.id, { status: 'unpublished', unpublished_at: at, updated_at: at });
    return { consent, at };
  }

  // ---- moderation --------------------------------------------------------------------------

  async create(principal: Principal, body: CreateDisclosureRequest): Promise<Disclosure> {
    this.requireModerator(principal);
    const row = await this.cases.findById(body.caseId);
    if (!row) throw new DomainError(ErrorCode.CASE_NOT_FOUND);
    if (row.status !== 'closed') throw refuse('只能公开已办结的诉求', 'caseId');
    if (row.publish_consent !== 1) throw refuse('诉求人未同意公开，不能公开', 'caseId');
    const existing = await this.repo.findByCase(row.id);
    if (existing) return this.view(existing, row);
    const events = await this.repo.publicEvents(row.id);
    const units = await this.directory.unitNames(events.map((e) => e.actor_unit_id).filter((u): u is string => u !== null));
    const scrub = this.scrubber(row, body.filerTitle);
    const reply = [...events].reverse().find((e) => e.type === 'reply');
    const replyText = reply ? (JSON.parse(reply.payload_json) as { text?: unknown }).text : null;
    const { categories: category, areas: township } = await this.directory.names({
      categories: row.category_code ? [row.category_code] : [],
      areas: row.township_code ? [row.township_code] : [],
    });
    const road = addressToRoad(row.address ? redactNumbers(row.address) : null);
    const at = new Date().toISOString();
    const copy = {
      id: randomUUID(),
      case_id: row.id,
      status: 'draft',
      filer_title: body.filerTitle,
      title: `${(row.category_code && category.get(row.category_code)) || '诉求'} · ${road ?? ((row.township_code && township.get(row.township_code)) || '云泽县')}`,
      category_code: row.category_code,
      township_code: row.township_code,
      road,
      description: scrub(redactHouseNumbers(row.description)),
      reply: typeof replyText === 'string' ? scrub(redactHouseNumbers(replyText)) : null,
      reply_unit_name: reply?.actor_unit_id ? (units.get(reply.actor_unit_id) ?? null) : null,
      steps_json: JSON.stringify(
        events
          .filter((e) => e.actor_kind !== 'resident' || e.type === 'submit')
          .map((e) => ({
            type: e.type,
            date: e.at.slice(0, 10),
            actor: e.actor_kind === 'resident' ? '群众' : (e.actor_unit_id && units.get(e.actor_unit_id)) || CENTRE,
          })),
      ),
      photos_json: '[]',
      photo_keys_json: '[]',
      lat: row.lat === null ? null : roundCoordinate(row.lat),
      lng: row.lng === null ? null : roundCoordinate(row.lng),
      filed_date: row.created_at.slice(0, 10),
      closed_date: row.closed_at?.slice(0, 10) ?? null,
      created_by: principal.userId,
      created_at: at,
      updated_at: at,
      published_at: null,
      unpublished_at: null,
    };
    await this.repo.insert(copy);
    return this.view(copy, row);
  }

  async update(principal: Principal, id: string, body: UpdateDisclosureRequest): Promise<Disclosure> {
    this.requireModerator(principal);
    const { copy, row } = await this.load(id);
    const scrub = this.scrubber(row, copy.filer_title as 'mr' | 'ms');
    const at = new Date().toISOString();
    const changes: Partial<PublishedCaseRow> = { updated_at: at };
    if (body.title !== undefined) changes.title = scrub(body.title);
    if (body.description !== undefined) changes.description = scrub(body.description);
    if (body.reply !== undefined) changes.reply = scrub(body.reply);
    if (body.photos !== undefined) {
      if (body.photos.length > 0 && row.anonymous === 1) throw refuse('匿名诉求不公开照片', 'photos');
      const allowed = new Set(await this.caseMediaIds(row));
      const foreign = body.photos.find((p) => !allowed.has(p.mediaId));
      if (foreign) throw refuse('只能选用本工单的照片', 'photos');
      const keys: string[] = [];
      for (const [i, p] of body.photos.entries()) {
        const original = await this.media.originalBytes(p.mediaId);
        const key = `published/${copy.id}-${i}-${Date.now().toString(36)}.jpg`;
        await this.storage.put(key, await blurRegions(original, p.blur));
        keys.push(key);
      }
      for (const old of JSON.parse(copy.photo_keys_json) as string[]) await this.storage.delete(old);
      changes.photos_json = JSON.stringify(body.photos);
      changes.photo_keys_json = JSON.stringify(keys);
    }
    await this.repo.update(id, changes);
    return this.view({ ...copy, ...changes }, row);
  }

  async publish(principal: Principal, id: string): Promise<Disclosure> {
    this.requireModerator(principal);
    const { copy, row } = await this.load(id);
    if (row.publish_consent !== 1) throw refuse('诉求人未同意公开或已撤回同意，不能公开');
    if (row.status !== 'closed') throw refuse('工单已重新办理，暂不能公开');
    const at = new Date().toISOString();
    await this.repo.update(id, { status: 'published', published_at: at, unpublished_at: null, updated_at: at });
    return this.view({ ...copy, status: 'published', published_at: at, unpublished_at: null }, row);
  }

  async unpublish(principal: Principal, id: string): Promise<Disclosure> {
    this.requireModerator(principal);
    const { copy, row } = await this.load(id);
    const at = new Date().toISOString();
    await this.repo.update(id, { status: 'unpublished', unpublished_at: at, updated_at: at });
    return this.view({ ...copy, status: 'unpublished', unpublished_at: at }, row);
  }

  async get(principal: Principal, id: string): Promise<Disclosure> {
    this.requireModerator(principal);
    const { copy, row } = await this.load(id);
    return this.view(copy, row);
  }

  async list(principal: Principal) {
    this.requireModerator(principal);
    const rows = await this.repo.list();
    return {
      items: rows.map((r) => ({ id: r.id, caseId: r.case_id, trackingNumber: r.tracking_number, title: r.title, status: r.status as Disclosure['status'], publishedAt: r.published_at })),
    };
  }

  // ---- what anyone may read ----------------------------------------------------------------

  async publicList(query: PublicCasesQuery): Promise<{ items: PublicCaseSummary[] }> {
    const rows = await this.repo.published({ category: query.category, township: query.township, limit: query.limit });
    const names = await this.namesFor(rows);
    return { items: rows.map((r) => this.summary(r, names)) };
  }

  async publicDetail(id: string): Promise<PublicCaseDetail> {
    const [row] = /^[0-9a-f-]{36}$/.test(id) ? await this.repo.published({ id, limit: 1 }) : [];
    if (!row) throw new DomainError(ErrorCode.NOT_FOUND, '该案例不存在或已撤下');
    return this.detailOf(row, await this.namesFor([row]));
  }

  async publicPhoto(id: string, index: number): Promise<Buffer> {
    const [row] = /^[0-9a-f-]{36}$/.test(id) ? await this.repo.published({ id, limit: 1 }) : [];
    const key = row ? (JSON.parse(row.photo_keys_json) as string[])[index] : undefined;
    const bytes = key ? await this.storage.get(key) : null;
    if (!bytes) throw new DomainError(ErrorCode.NOT_FOUND, '图片不存在');
    return bytes;
  }

  // ---- helpers -----------------------------------------------------------------------------

  private requireModerator(principal: Principal): void {
    requirePermission(principal, 'disclosure.moderate');
  }

  private async load(id: string): Promise<{ copy: PublishedCaseRow; row: CaseRow }> {
    const copy = await this.repo.findById(id);
    const row = copy ? await this.cases.findById(copy.case_id) : undefined;
    if (!copy || !row) throw new DomainError(ErrorCode.NOT_FOUND, '该案例不存在');
    return { copy, row };
  }

  /** Removes the filer's name (→ surname + title) and every phone or ID number, whatever the moderator typed. */
  private scrubber(row: CaseRow, title: 'mr' | 'ms') {
    return (text: string) => redactNumbers(redactName(text, row.contact_name, filerTitleText[title]));
  }

  private async caseMediaIds(row: CaseRow): Promise<string[]> {
    const events = await this.repo.publicEvents(row.id);
    const fromEvents = events.flatMap((e) => {
      const ids = (JSON.parse(e.payload_json) as { mediaIds?: unknown }).mediaIds;
      return Array.isArray(ids) ? (ids as string[]) : [];
    });
    return [...(JSON.parse(row.media_ids) as string[]), ...fromEvents];
  }

  private async namesFor(rows: PublishedCaseRow[]) {
    const { categories, areas } = await this.directory.names({
      categories: rows.map((r) => r.category_code).filter((c): c is string => c !== null),
      areas: rows.map((r) => r.township_code).filter((c): c is string => c !== null),
    });
    return { categories, areas };
  }

  private summary(r: PublishedCaseRow, names: { categories: Map<string, string>; areas: Map<string, string> }): PublicCaseSummary {
    return {
      id: r.id,
      title: r.title,
      categoryCode: r.category_code,
      categoryName: r.category_code ? (names.categories.get(r.category_code) ?? null) : null,
      townshipCode: r.township_code,
      townshipName: r.township_code ? (names.areas.get(r.township_code) ?? null) : null,
      road: r.road,
      point: r.lat !== null && r.lng !== null ? { lat: r.lat, lng: r.lng } : null,
      filedDate: r.filed_date,
      closedDate: r.closed_date,
      publishedAt: r.published_at,
    };
  }

  private detailOf(r: PublishedCaseRow, names: { categories: Map<string, string>; areas: Map<string, string> }): PublicCaseDetail {
    return {
      ...this.summary(r, names),
      description: r.description,
      reply: r.reply,
      replyUnitName: r.reply_unit_name,
      steps: JSON.parse(r.steps_json) as PublicCaseDetail['steps'],
      photoUrls: (JSON.parse(r.photo_keys_json) as string[]).map((_k, i) => `/api/public/cases/${r.id}/photos/${i}`),
    };
  }

  private async view(copy: PublishedCaseRow, row: CaseRow): Promise<Disclosure> {
    const candidates = row.anonymous === 1 ? [] : await this.media.signedMany(await this.caseMediaIds(row));
    return {
      ...this.detailOf(copy, await this.namesFor([copy])),
      caseId: row.id,
      trackingNumber: row.tracking_number,
      status: copy.status as Disclosure['status'],
      anonymous: row.anonymous === 1,
      consent: row.publish_consent === 1,
      candidatePhotos: candidates.map((m) => ({ mediaId: m.id, url: m.url })),
      chosenPhotos: JSON.parse(copy.photos_json) as ChosenPhoto[],
    };
  }
}
