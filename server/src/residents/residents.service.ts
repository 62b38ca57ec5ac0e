// The resident's side of a case: filing (idempotent), reading own and followed cases with the
// public timeline, following a nearby case, the public status look-up, and the resident's
// actions (supplement, urge, rate, reopen) — all through the case core's workflow door.
import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  DomainError,
  type FileCaseRequest,
  type FileCaseResponse,
  type LookupResponse,
  type MyCasesQuery,
  type MyCasesResponse,
  type NearbyQuery,
  type FollowCaseRequest,
  type NearbyResponse,
  type RateRequest,
  type ResidentCaseDetail,
  type ResidentCaseSummary,
  caseViewFor,
  openStatuses,
  roundCoordinate,
  distanceM,
  gcj02ToWgs84,
  placeOf,
  type LatLng,
  type AnswerValue,
  ErrorCode,
} from '@hotline/core';
import { AccountsRepository } from '../auth/accounts.repository';
import { RateLimiter, type RateRule } from '../auth/rate-limit';
import type { Principal } from '../auth/tokens';
import { canonicalJson } from '../common/canonical-json';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { CaseWorkflowService, INTEGRATION_ACTOR } from '../cases/case-workflow.service';
import { requireAnswers } from '../catalogue/answers';
import { holdingArea, ReferenceData, type ReferenceSnapshot } from '../directory/reference-data';
import { type CaseRow, CasesRepository, type Tx } from '../cases/cases.repository';
import { MediaService } from '../media/media.service';
import { PhoneVault } from '../privacy/phone-vault';
import { caseSummary, mediaIdsOf, toResidentDetail } from './residents.mapper';
import { ResidentsRepository } from './residents.repository';
import { DirectoryRepository } from '../directory/directory.repository';

export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
const NEARBY_DAYS = 30;
const NEARBY_MAX = 5;
const DEFAULT_NEARBY_RADIUS_M = 200;
const FOLLOWS_PER_DAY = 20;
const NEARBY_PER_HOUR = 120;

/** Distances shown to residents: whole 100 m steps, never under 100 m, so nobody pinpoints a filer's door. */
export const roundedDistanceM = (metres: number): number => Math.max(100, Math.round(metres / 100) * 100);

/** What an Open311 client sent, already read from its form: a WGS-84 point or an address (or both). */
export interface Open311Filing {
  categoryCode: string;
  description: string;
  point: LatLng | null;
  address: string | null;
  contactName: string | null;
  contactPhone: string | null;
  answers: Record<string, AnswerValue>;
}

export interface FiledCase {
  id: string;
  trackingNumber: string;
  status: string;
}

export interface Replayable<T> {
  status: number;
  body: T;
  replayed: boolean;
}

/** The key was claimed and answered by another request while this one was filing. */
class KeyTaken extends Error {}

/** What a keyed filing adds to its transaction: the key, claimed with its answer. */
interface KeyedFiling<T> {
  /** Stores the key with its answer in the filing's transaction; a key already answered throws. */
  claim: (trx: Tx, result: T) => Promise<void>;
}

const fieldError = (field: string, code: string, message: string) =>
  new DomainError(ErrorCode.VALIDATION_FAILED, message, [{ field, code, message }]);

@Injectable()
export class ResidentsService {
  constructor(
    private readonly residents: ResidentsRepository,
    private readonly directory: DirectoryRepository,
    private readonly workflow: CaseWorkflowService,
    private readonly cases: CasesRepository,
    private readonly accounts: AccountsRepository,
    private readonly media: MediaService,
    private readonly vault: PhoneVault,
    private readonly limiter: RateLimiter,
    private readonly reference: ReferenceData,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  // ---- filing ---------------------------------------------------------------------------

  /** Files a case once per Idempotency-Key (IETF draft-ietf-httpapi-idempotency-key-header semantics). */
  async fileCase(
    principal: Principal,
    key: string | undefined,
    body: FileCaseRequest,
    ip: string,
  ): Promise<Replayable<FileCaseResponse>> {
    if (!key)
      throw new DomainError('IDEMPOTENCY_KEY_MISSING', undefined, [
        { field: 'Idempotency-Key', code: 'required', message: '缺少 Idempotency-Key 请求头' },
      ]);
    const { perResidentDay, perIpDay } = this.config.filingLimits;
    const limits: RateRule[] = [
      { bucket: `file:user:${principal.userId}`, limit: perResidentDay, windowSeconds: 86_400, message: '今天提交的诉求已达上限，请明天再试或拨打12345' },
      { bucket: `file:ip:${ip}`, limit: perIpDay, windowSeconds: 86_400, message: '该网络今天提交的诉求过多，请明天再试或拨打12345' },
    ];
    // Counted in the filing's own transaction, so only filed cases count (a retry with the same key
    // replays for free, a refused or failed filing leaves the count as it was), and as its last
    // write, so on PostgreSQL the counters' rows stay locked only through the commit.
    const countFiling = (trx: Tx) => this.cases.lastInTransaction(trx, () => this.limiter.hit(limits, new Date(), trx));
    return this.onceByKey(principal.userId, key, body, async (keyed) => {
      // A resident or network already at its limit is turned away before any work is done.
      await this.limiter.check(limits);
      return this.createCase(principal, body, keyed, countFiling);
    });
  }

  /**
   * An Open311 client files for a member of the public, through the same checks and the same
   * door as the app. Open311 knows no Idempotency-Key; a client that sends one gets the first
   * answer back on a retry.
   */
  async fileForOpen311(clientId: string, key: string | undefined, body: Open311Filing): Promise<Replayable<FiledCase>> {
    return key
      ? this.onceByKey(clientId, key, body, (keyed) => this.createOpen311Case(body, keyed))
      : { status: 201, body: await this.createOpen311Case(body), replayed: false };
  }

  /**
   * Runs a filing once per key: the key is claimed with its answer, in one write, inside the
   * filing's own transaction (before its photos are attached and its daily count is taken), so
   * after any crash it is either absent (nothing was filed: the retry files) or holds the answer
   * (the retry gets it back). A request that finds its key taken there (the same key sent twice at
   * once, or a retry; on PostgreSQL it waits for the first to commit) rolls back and replays the
   * winner's answer. A retry that a check before the transaction refuses (its photos are attached
   * by now, the day's limit reached with its own filing) gets the answer back too: the key is
   * looked up whenever a filing fails.
   *
   * On SQLite that is the only look: a new key, nearly every filing, costs no read outside the
   * transaction, and a retry's work is rolled back with its savepoint. Where a filing takes its
   * tracking number before its transaction (PostgreSQL), the key is looked up first as well: a
   * retry that got that far would use a number up.
   */
  private async onceByKey<T>(ownerId: string, key: string, body: unknown, run: (keyed: KeyedFiling<T>) => Promise<T>, attempt = 0): Promise<Replayable<T>> {
    if (!/^[\x21-\x7e]{1,255}$/.test(key))
      throw fieldError('Idempotency-Key', 'invalid', 'Idempotency-Key 须为1–255个可见ASCII字符');
    const requestHash = createHash('sha256').update(canonicalJson(body) ?? '').digest('hex');
    if (this.cases.numbersBeforeTransaction) {
      const answered = await this.answerOf<T>(ownerId, key, requestHash);
      if (answered) return answered;
    }
    const now = new Date();
    try {
      const result = await run({
        claim: async (trx, answer) => {
          const claimed = await this.residents.claimIdempotencyKey(trx, {
            user_id: ownerId,
            key,
            request_hash: requestHash,
            state: 'done',
            response_status: 201,
            response_body: JSON.stringify(answer),
            created_at: now.toISOString(),
            expires_at: new Date(now.getTime() + IDEMPOTENCY_TTL_MS).toISOString(),
          });
          if (!claimed) throw new KeyTaken();
        },
      });
      return { status: 201, body: result, replayed: false };
    } catch (err) {
      const answered = await this.answerOf<T>(ownerId, key, requestHash);
      if (answered) return answered;
      if (!(err instanceof KeyTaken) || attempt > 0) throw err;
      return this.onceByKey(ownerId, key, body, run, attempt + 1);
    }
  }

  /** The stored answer of a live key; another body under the same key is refused. */
  private async answerOf<T>(ownerId: string, key: string, requestHash: string): Promise<Replayable<T> | null> {
    const held = await this.residents.findIdempotencyKey(ownerId, key);
    if (!held || held.expires_at <= new Date().toISOString() || held.state !== 'done' || held.response_body === null) return null;
    if (held.request_hash !== requestHash) throw new DomainError('IDEMPOTENCY_KEY_REUSED');
    return { status: Number(held.response_status), body: JSON.parse(held.response_body) as T, replayed: true };
  }

  private async createOpen311Case(body: Open311Filing, keyed?: KeyedFiling<FiledCase>): Promise<FiledCase> {
    const category = await this.reference.category(body.categoryCode);
    if (!category || !category.is_leaf) throw new DomainError('NOT_FOUND', '没有这个服务（诉求分类）');
    const answers = requireAnswers(category, body.answers);
    const area = body.point ? await this.locate(body.point) : { townshipCode: null, villageCode: null };
    const row = await this.workflow.submit(
      {
        demandType: (category.default_demand_type ?? 'help') as FileCaseRequest['demandType'],
        urgency: 'normal',
        channel: 'open311',
        categoryCode: category.code,
        description: body.description,
        address: body.address,
        location: body.point ? { ...body.point, accuracyM: null, crs: 'wgs84' } : null,
        townshipCode: area.townshipCode,
        villageCode: area.villageCode,
        filerUserId: null,
        contactName: body.contactName,
        contactPhone: body.contactPhone,
        anonymous: !body.contactName && !body.contactPhone,
        consentVersion: null,
        callId: null,
        callbackWanted: body.contactPhone !== null,
        mediaIds: [],
        answers,
      },
      INTEGRATION_ACTOR,
      keyed && { last: (trx, filed) => keyed.claim(trx, filedCase(filed)) },
    );
    return filedCase(row);
  }

  private async createCase(
    principal: Principal,
    body: FileCaseRequest,
    keyed: KeyedFiling<FileCaseResponse>,
    countFiling: (trx: Tx) => Promise<void>,
  ): Promise<FileCaseResponse> {
    // One look at the reference data's version serves the category and the area.
    const reference = await this.reference.current();
    const category = reference.categories.get(body.categoryCode);
    if (!category) throw fieldError('categoryCode', 'unknown_category', '没有这个诉求分类');
    if (!category.is_leaf) throw fieldError('categoryCode', 'not_leaf', '请选择最末一级分类');
    const answers = requireAnswers(category, body.answers);
    await this.media.requireOwnUnattached(principal.userId, body.mediaIds);
    const point = body.location
      ? this.toWgs84(body.location.lat, body.location.lng, body.location.coordinateSystem)
      : null;
    const area = point ? await this.locate(point, reference) : { townshipCode: null, villageCode: null };
    let answer: FileCaseResponse | undefined;
    await this.workflow.submit(
      // The account is read in the filing's transaction: the case takes its channel and phone as
      // the account holds them when the case is written.
      async (trx) => {
        const account = await this.accounts.findById(principal.userId, trx);
        if (!account) throw new DomainError('UNAUTHENTICATED');
        // Without a number of their own, the case keeps the account's, sealed as the account holds it.
        const accountPhone =
          (body.contactPhone ?? null) === null && account.phone_enc && account.phone_hash
            ? { enc: account.phone_enc, hash: account.phone_hash }
            : null;
        const contactPhone =
          body.contactPhone ?? (accountPhone || !account.phone_enc ? null : this.vault.decrypt(account.phone_enc));
        return {
          demandType: body.demandType,
          urgency: 'normal',
          channel: account.wechat_openid ? 'wechat' : 'h5',
          categoryCode: category.code,
          description: body.description,
          address: body.address ?? null,
          location:
            point && body.location
              ? {
                  lat: point.lat,
                  lng: point.lng,
                  accuracyM: body.location.accuracyM ?? null,
                  crs: body.location.coordinateSystem,
                }
              : null,
          townshipCode: area.townshipCode,
          villageCode: area.villageCode,
          filerUserId: principal.userId,
          contactName: body.contactName ?? account.name,
          contactPhone,
          contactPhoneSealed: accountPhone,
          anonymous: body.anonymous,
          consentVersion: body.privacyConsentVersion,
          callId: null,
          callbackWanted: true,
          mediaIds: body.mediaIds,
          answers,
          publishConsent: body.publishConsent,
        };
      },
      principal,
      {
        // The case, the key with its answer, the photos and the day's count commit together; the
        // key first, so a second request with the same key stops before touching the photos.
        last: async (trx, row) => {
          answer = {
            ...caseSummary({ ...row, relation: 'filer' }, category.name, null),
            area: { townshipCode: row.township_code, villageCode: row.village_code, located: row.township_code !== null },
          };
          await keyed.claim(trx, answer);
          await this.media.attach(body.mediaIds, principal.userId, row.id, trx);
          await countFiling(trx);
        },
      },
    );
    return answer!;
  }

  private toWgs84(lat: number, lng: number, crs: 'wgs84' | 'gcj02'): LatLng {
    return crs === 'gcj02' ? gcj02ToWgs84({ lat, lng }) : { lat, lng };
  }

  /** The village (and its township) holding the point; a village wins over the township around it. */
  private async locate(p: LatLng, snapshot?: ReferenceSnapshot): Promise<{ townshipCode: string | null; villageCode: string | null }> {
    return placeOf((await this.reference.areasAt(p, snapshot)).map(holdingArea));
  }

  // ---- reading ---------------------------------------------------------------------------

  async myCases(principal: Principal, query: MyCasesQuery): Promise<MyCasesResponse> {
    let after: { createdAt: string; id: string } | undefined;
    if (query.cursor) {
      const [createdAt, id] = Buffer.from(query.cursor, 'base64url').toString('utf8').split('|');
      if (!createdAt || !id) throw fieldError('cursor', 'invalid', '分页游标无效');
      after = { createdAt, id };
    }
    const rows = await this.residents.myCases(principal.userId, {
      status: query.status,
      limit: query.limit + 1,
      after,
    });
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      items: await this.summaries(page),
      nextCursor:
        rows.length > query.limit && last ? Buffer.from(`${last.created_at}|${last.id}`).toString('base64url') : null,
    };
  }

  async detail(principal: Principal, caseId: string): Promise<ResidentCaseDetail> {
    return this.detailOf(principal, await this.workflow.getVisible(caseId, principal));
  }

  /** The detail of a case the principal was already checked to see. */
  private async detailOf(principal: Principal, row: CaseRow): Promise<ResidentCaseDetail> {
    const isFiler = row.filer_user_id === principal.userId;
    const rules = caseViewFor('resident', isFiler ? 'filer' : 'follower');
    const [summary] = await this.summaries([{ ...row, relation: isFiler ? 'filer' : 'follower' }]);
    const events = await this.residents.publicEvents(row.id);
    const eventMediaIds = events.flatMap((e) => mediaIdsOf(JSON.parse(e.payload_json) as Record<string, unknown>));
    const [unitNames, caseMedia, eventMedia] = await Promise.all([
      this.directory.unitNames(events.map((e) => e.actor_unit_id).filter((u): u is string => u !== null)),
      rules.casePhotos ? this.media.signedMany(JSON.parse(row.media_ids) as string[]) : [],
      this.media.signedMany(eventMediaIds),
    ]);
    return toResidentDetail({
      row,
      summary: summary!,
      rules,
      viewer: { userId: principal.userId, isFiler },
      phone: isFiler && row.contact_phone_enc ? this.vault.decrypt(row.contact_phone_enc) : null,
      events,
      unitNames,
      caseMedia,
      eventMedia: new Map(eventMedia.map((m) => [m.id, m])),
    });
  }

  async nearby(principal: Principal, query: NearbyQuery): Promise<NearbyResponse> {
    await this.limiter.hit([
      { bucket: `nearby:user:${principal.userId}`, limit: NEARBY_PER_HOUR, windowSeconds: 3600, message: '查询附近诉求过于频繁，请稍后再试' },
    ]);
    const category = await this.reference.category(query.category);
    if (!category) throw fieldError('category', 'unknown_category', '没有这个诉求分类');
    const radiusM = category.nearby_radius_m || DEFAULT_NEARBY_RADIUS_M;
    const p = this.toWgs84(query.lat, query.lng, query.coordinateSystem);
    const dLat = radiusM / 111_320;
    const dLng = radiusM / (111_320 * Math.max(0.01, Math.cos((p.lat * Math.PI) / 180)));
    const since = new Date(Date.now() - NEARBY_DAYS * 86_400_000).toISOString();
    const rows = await this.residents.nearbyOpen(
      category.code,
      { minLat: p.lat - dLat, maxLat: p.lat + dLat, minLng: p.lng - dLng, maxLng: p.lng + dLng },
      since,
      openStatuses,
    );
    const items = rows
      .map((r) => ({ r, d: distanceM(p, { lat: r.lat ?? 0, lng: r.lng ?? 0 }) }))
      .filter(({ d }) => d <= radiusM)
      .sort((a, b) => a.d - b.d)
      .slice(0, NEARBY_MAX)
      .map(({ r, d }) => ({
        id: r.id,
        status: r.status,
        categoryName: category.name,
        approxLocation: { lat: roundCoordinate(r.lat ?? 0), lng: roundCoordinate(r.lng ?? 0) },
        distanceM: roundedDistanceM(d),
        createdDate: r.created_at.slice(0, 10),
        followers: Number(r.followers ?? 0),
      }));
    return { radiusM, items };
  }

  /**
   * Follows an open case (a repeated demand on the same matter) from where the resident stands:
   * within the category's radius of the case, so nobody can follow cases to watch them from afar.
   * Unknown, closed and unplaced cases answer alike.
   */
  async follow(principal: Principal, caseId: string, body: FollowCaseRequest): Promise<ResidentCaseDetail> {
    await this.limiter.hit([
      { bucket: `follow:user:${principal.userId}`, limit: FOLLOWS_PER_DAY, windowSeconds: 86_400, message: '今天关注的诉求太多了，请明天再试' },
    ]);
    const row = await this.cases.findById(caseId);
    if (!row || !(openStatuses as readonly string[]).includes(row.status) || row.lat === null || row.lng === null) {
      throw new DomainError('CASE_NOT_FOUND');
    }
    const category = row.category_code ? await this.reference.category(row.category_code) : undefined;
    const radiusM = category?.nearby_radius_m || DEFAULT_NEARBY_RADIUS_M;
    const here = this.toWgs84(body.location.lat, body.location.lng, body.location.coordinateSystem);
    if (distanceM(here, { lat: row.lat, lng: row.lng }) > radiusM) throw new DomainError('FOLLOW_TOO_FAR');
    await this.workflow.recordRepeatDemand(caseId, principal);
    return this.detail(principal, caseId);
  }

  async lookup(ip: string, trackingNumber: string, phoneLast4: string): Promise<LookupResponse> {
    await this.limiter.hit([
      { bucket: `lookup:ip:${ip}`, limit: 10, windowSeconds: 60, message: '查询过于频繁，请1分钟后再试' },
    ]);
    const row = await this.cases.findByTrackingNumber(trackingNumber);
    const phone = row?.contact_phone_enc ? this.vault.decrypt(row.contact_phone_enc) : null;
    if (!row || !phone || phone.slice(-4) !== phoneLast4) throw new DomainError('CASE_NOT_FOUND');
    return { trackingNumber: row.tracking_number, status: row.status, updatedAt: row.updated_at };
  }

  // ---- the resident's actions ---------------------------------------------------------------

  async supplement(
    principal: Principal,
    caseId: string,
    text: string,
    mediaIds: string[],
  ): Promise<ResidentCaseDetail> {
    const row = await this.workflow.getVisible(caseId, principal);
    await this.media.requireOwnUnattached(principal.userId, mediaIds);
    const updated = await this.workflow.actOn(row, { type: 'supplement', text }, principal, { eventExtras: { mediaIds } });
    await this.media.attach(mediaIds, principal.userId, caseId);
    return this.detailOf(principal, updated);
  }

  async urge(principal: Principal, caseId: string, note?: string): Promise<ResidentCaseDetail> {
    const row = await this.workflow.act(caseId, { type: 'urge', ...(note ? { note } : {}) }, principal);
    return this.detailOf(principal, row);
  }

  async rate(principal: Principal, caseId: string, body: RateRequest): Promise<ResidentCaseDetail> {
    const row = await this.workflow.act(
      caseId,
      {
        type: 'rate',
        satisfaction: body.satisfaction,
        solved: body.solved,
        ...(body.comment ? { comment: body.comment } : {}),
      },
      principal,
    );
    return this.detailOf(principal, row);
  }

  async reopen(principal: Principal, caseId: string, reason: string): Promise<ResidentCaseDetail> {
    const row = await this.workflow.act(caseId, { type: 'request_reopen', reason }, principal);
    return this.detailOf(principal, row);
  }

  // ---- mapping ---------------------------------------------------------------------------

  private async summaries(rows: (CaseRow & { relation: 'filer' | 'follower' })[]): Promise<ResidentCaseSummary[]> {
    const categories = await this.reference.categoryNames(
      rows.map((r) => r.category_code).filter((c): c is string => c !== null),
    );
    const units = await this.directory.unitNames([
      ...new Set(rows.map((r) => r.assignee_unit_id).filter((u): u is string => u !== null)),
    ]);
    return rows.map((r) =>
      caseSummary(
        r,
        r.category_code ? (categories.get(r.category_code) ?? null) : null,
        r.assignee_unit_id ? (units.get(r.assignee_unit_id) ?? null) : null,
      ),
    );
  }
}


const filedCase = (row: CaseRow): FiledCase => ({ id: row.id, trackingNumber: row.tracking_number, status: row.status });

