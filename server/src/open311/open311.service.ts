// Open311 GeoReport v2 over the hotline: leaf categories as services (their questions as
// attributes), cases as requests. Reads carry no personal data: no names, phones or e-mails,
// numbers scrubbed from free text, and an anonymous filer's point rounded to ~100 m without the
// address. Posts go through the residents' filing path (area from the point, idempotent by key)
// and land in the operators' 待受理 queue as channel `open311`.
import { Injectable } from '@nestjs/common';
import {
  type AnswerValue,
  type CategoryQuestion,
  type LatLng,
  mobilePhoneSchema,
  open311Datatypes,
  open311ListedStatuses,
  open311Status,
  open311StatusNotesZhCN,
  maskName,
  redactNumbers,
  roundCoordinate,
  DomainError,
  ErrorCode,
} from '@hotline/core';
import { MediaService } from '../media/media.service';
import { ResidentsService } from '../residents/residents.service';
import { Open311KeysService } from './open311-keys.service';
import { type Open311CaseRow, Open311Repository } from './open311.repository';
import { DirectoryRepository } from '../directory/directory.repository';

const SPEC_URL = 'http://wiki.open311.org/GeoReport_v2';
const CHANGESET = '2026-11-30T00:00:00Z';
const MAX_SPAN_MS = 90 * 86_400_000;
const MAX_REQUESTS = 1000;
const TRACKING = /^HL\d{8}-\d{6}$/;

const bad = (description: string) => new DomainError(ErrorCode.VALIDATION_FAILED, description);
const notFound = (description: string) => new DomainError(ErrorCode.NOT_FOUND, description);

export interface Open311Service {
  service_code: string;
  service_name: string;
  description: string | null;
  metadata: boolean;
  type: 'realtime';
  keywords: string | null;
  group: string | null;
}

export interface Open311Request {
  service_request_id: string;
  status: 'open' | 'closed';
  status_notes: string | null;
  service_name: string | null;
  service_code: string;
  description: string | null;
  agency_responsible: string | null;
  service_notice: string | null;
  requested_datetime: string;
  updated_datetime: string | null;
  expected_datetime: string | null;
  address: string | null;
  address_id: string | null;
  zipcode: string | null;
  lat: number | null;
  long: number | null;
  media_url: string | null;
}

export interface RequestsQuery {
  service_request_id?: string;
  service_code?: string;
  start_date?: string;
  end_date?: string;
  status?: string;
}

const instant = (value: string | undefined, name: string): string | undefined => {
  if (value === undefined || value === '') return undefined;
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw bad(`${name} 须为 ISO 8601 日期时间（如 2026-11-01T00:00:00+08:00）`);
  return new Date(t).toISOString();
};

@Injectable()
export class Open311Api {
  constructor(
    private readonly repo: Open311Repository,
    private readonly directory: DirectoryRepository,
    private readonly residents: ResidentsService,
    private readonly keys: Open311KeysService,
    private readonly media: MediaService,
  ) {}

  discovery(origin: string) {
    return {
      changeset: CHANGESET,
      contact: '12345政务服务便民热线',
      key_service: '向县12345热线中心申请 api_key（管理后台 › Open311 密钥）',
      endpoints: [
        {
          specification: SPEC_URL,
          url: `${origin}/open311/v2`,
          changeset: CHANGESET,
          type: 'production',
          formats: ['application/json', 'text/xml'],
        },
      ],
    };
  }

  async services(): Promise<Open311Service[]> {
    const rows = await this.repo.categories();
    const byCode = new Map(rows.map((r) => [r.code, r]));
    const ancestors = (code: string | null): string[] => {
      const names: string[] = [];
      for (let c = code ? byCode.get(code) : undefined; c; c = c.parent_code ? byCode.get(c.parent_code) : undefined)
        names.unshift(c.name);
      return names;
    };
    return rows
      .filter((r) => r.is_leaf === 1)
      .map((r) => {
        const path = ancestors(r.parent_code);
        return {
          service_code: r.code,
          service_name: r.name,
          description: path.length ? `${path.join(' › ')} › ${r.name}` : null,
          metadata: (JSON.parse(r.questions_json) as unknown[]).length > 0,
          type: 'realtime' as const,
          keywords: null,
          group: path[0] ?? null,
        };
      });
  }

  async serviceDefinition(code: string) {
    const category = (await this.repo.categories()).find((r) => r.code === code && r.is_leaf === 1);
    if (!category) throw notFound(`没有编码为 ${code} 的服务`);
    const questions = JSON.parse(category.questions_json) as CategoryQuestion[];
    return {
      service_code: category.code,
      attributes: questions.map((q, i) => ({
        variable: true,
        code: q.code,
        datatype: open311Datatypes[q.kind],
        required: q.required,
        datatype_description: q.helpText,
        order: i + 1,
        description: q.label,
        ...(q.options.length ? { values: q.options.map((o) => ({ key: o.key, name: o.name })) } : {}),
      })),
    };
  }

  async requests(query: RequestsQuery, origin: string): Promise<Open311Request[]> {
    const statuses = this.statusFilter(query.status);
    if (query.service_request_id !== undefined) {
      const ids = query.service_request_id.split(',').map((s) => s.trim()).filter(Boolean);
      if (ids.length === 0 || ids.length > 100 || ids.some((id) => !TRACKING.test(id)))
        throw bad('service_request_id 须为逗号分隔的工单编号（如 HL20261128-000123），最多100个');
      const rows = await this.repo.requests({ trackingNumbers: ids, from: '', to: '', statuses: open311ListedStatuses, limit: MAX_REQUESTS });
      return this.toRequests(rows, origin);
    }
    const end = instant(query.end_date, 'end_date') ?? new Date().toISOString();
    const start = instant(query.start_date, 'start_date') ?? new Date(Date.parse(end) - MAX_SPAN_MS).toISOString();
    if (start > end) throw bad('start_date 不能晚于 end_date');
    if (Date.parse(end) - Date.parse(start) > MAX_SPAN_MS) throw bad('start_date 与 end_date 相隔不能超过90天');
    const rows = await this.repo.requests({
      categoryCode: query.service_code || undefined,
      from: start,
      to: end,
      statuses,
      limit: MAX_REQUESTS,
    });
    return this.toRequests(rows, origin);
  }

  async request(trackingNumber: string, origin: string): Promise<Open311Request[]> {
    const found = TRACKING.test(trackingNumber)
      ? await this.repo.requests({ trackingNumbers: [trackingNumber], from: '', to: '', statuses: open311ListedStatuses, limit: 1 })
      : [];
    if (found.length === 0) throw notFound(`没有编号为 ${trackingNumber} 的请求`);
    return this.toRequests(found, origin);
  }

  /** A token answers with the request id once the centre has accepted the filing. */
  async token(token: string): Promise<{ service_request_id?: string; token: string }[]> {
    const row = /^[0-9a-f-]{36}$/.test(token) ? await this.repo.caseById(token) : undefined;
    if (!row) throw notFound('没有这个 token');
    const listed = (open311ListedStatuses as readonly string[]).includes(row.status);
    return [{ ...(listed ? { service_request_id: row.tracking_number } : {}), token: row.id }];
  }

  async create(params: URLSearchParams, idempotencyKey: string | undefined) {
    const client = await this.keys.authenticate(params.get('api_key') ?? undefined);
    const categoryCode = params.get('service_code')?.trim();
    if (!categoryCode) throw bad('缺少 service_code');
    const services = await this.repo.categories();
    if (!services.some((c) => c.code === categoryCode && c.is_leaf === 1)) throw notFound(`没有编码为 ${categoryCode} 的服务`);
    const point = this.point(params.get('lat'), params.get('long'));
    const address = params.get('address_string')?.trim().slice(0, 200) || null;
    if (!point && !address) throw bad('须提供位置：lat 与 long，或 address_string');
    const description = params.get('description')?.trim() ?? '';
    if (description.length < 5 || description.length > 2000) throw bad('description 须为5至2000字');
    const name = [params.get('last_name'), params.get('first_name')].map((s) => s?.trim() ?? '').join('').slice(0, 50);
    const rawPhone = params.get('phone')?.trim();
    let phone: string | null = null;
    if (rawPhone) {
      const parsed = mobilePhoneSchema.safeParse(rawPhone);
      if (!parsed.success) throw bad('phone 须为11位手机号码');
      phone = parsed.data;
    }
    const filed = await this.residents.fileForOpen311(client.id, idempotencyKey, {
      categoryCode,
      description,
      point,
      address,
      contactName: name || null,
      contactPhone: phone,
      answers: this.attributes(params),
    });
    const accepted = (open311ListedStatuses as readonly string[]).includes(filed.body.status);
    return {
      replayed: filed.replayed,
      body: [
        {
          ...(accepted ? { service_request_id: filed.body.trackingNumber } : {}),
          token: filed.body.id,
          service_notice: '已收到，热线中心将在1个工作小时内受理；受理后可凭 token 查询工单编号',
        },
      ],
    };
  }

  // ---- reading helpers ------------------------------------------------------------------

  private statusFilter(status: string | undefined): readonly string[] {
    if (!status) return open311ListedStatuses;
    const wanted = new Set(status.split(',').map((s) => s.trim()));
    if ([...wanted].some((s) => s !== 'open' && s !== 'closed')) throw bad('status 只能是 open 或 closed（可逗号分隔）');
    return open311ListedStatuses.filter((s) => wanted.has(open311Status(s)));
  }

  private point(lat: string | null, lng: string | null): LatLng | null {
    if (!lat && !lng) return null;
    const p = { lat: Number(lat), lng: Number(lng) };
    if (!lat || !lng || !Number.isFinite(p.lat) || !Number.isFinite(p.lng) || Math.abs(p.lat) > 90 || Math.abs(p.lng) > 180)
      throw bad('lat 与 long 须同时提供，且为 WGS-84 经纬度');
    return p;
  }

  /** `attribute[code]=v` and `attribute[code][]=v` (lists) as the answers the questions check. */
  private attributes(params: URLSearchParams): Record<string, AnswerValue> {
    const answers: Record<string, AnswerValue> = {};
    for (const [key, value] of params) {
      const m = /^attribute\[([^\]]{1,32})\](\[\])?$/.exec(key);
      if (!m) continue;
      const code = m[1]!;
      if (m[2]) answers[code] = [...(Array.isArray(answers[code]) ? (answers[code] as string[]) : []), value];
      else answers[code] = value;
    }
    return answers;
  }

  private async toRequests(rows: Open311CaseRow[], origin: string): Promise<Open311Request[]> {
    const categories = new Map((await this.repo.categories()).map((c) => [c.code, c.name]));
    const units = await this.directory.unitNames([
      ...new Set(rows.map((r) => r.assignee_unit_id ?? r.lead_unit_id).filter((u): u is string => u !== null)),
    ]);
    const events = await this.repo.publicEvents(rows.map((r) => r.id));
    const notes = new Map<string, string>();
    const photos = new Map<string, string>();
    for (const e of events) {
      if (e.actor_kind === 'resident' || e.type === 'submit') continue;
      const payload = JSON.parse(e.payload_json) as Record<string, unknown>;
      const text = ['text', 'reason', 'question'].map((k) => payload[k]).find((v): v is string => typeof v === 'string');
      if (text) notes.set(e.case_id, text);
      const mediaIds = Array.isArray(payload.mediaIds) ? (payload.mediaIds as string[]) : [];
      if (e.type === 'reply' && mediaIds[0]) photos.set(e.case_id, mediaIds[0]);
    }
    const signed = new Map((await this.media.signedMany([...photos.values()])).map((m) => [m.id, m.url]));
    const scrub = (text: string, r: Open311CaseRow) =>
      redactNumbers(r.contact_name ? text.split(r.contact_name).join(maskName(r.contact_name)) : text);
    return rows.map((r) => {
      const anonymous = r.anonymous === 1;
      const photo = photos.get(r.id);
      const url = photo ? signed.get(photo) : undefined;
      const unit = r.assignee_unit_id ?? r.lead_unit_id;
      const note = notes.get(r.id);
      return {
        service_request_id: r.tracking_number,
        status: open311Status(r.status),
        status_notes: note ? scrub(note, r) : (open311StatusNotesZhCN[r.status] ?? null),
        service_name: r.category_code ? (categories.get(r.category_code) ?? null) : null,
        service_code: r.category_code ?? '',
        description: scrub(r.description, r).slice(0, 4000),
        agency_responsible: unit ? (units.get(unit) ?? null) : null,
        service_notice: null,
        requested_datetime: r.created_at,
        updated_datetime: r.updated_at,
        expected_datetime: open311Status(r.status) === 'open' ? r.due_at : null,
        address: anonymous || !r.address ? null : scrub(r.address, r),
        address_id: null,
        zipcode: null,
        lat: r.lat === null ? null : anonymous ? roundCoordinate(r.lat) : r.lat,
        long: r.lng === null ? null : anonymous ? roundCoordinate(r.lng) : r.lng,
        media_url: url ? `${origin}${url}` : null,
      };
    });
  }
}
