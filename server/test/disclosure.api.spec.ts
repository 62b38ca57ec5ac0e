// Typical cases made public: only with the filer's consent and a moderator's approval, and
// with none of the filer's personal data (name, phone, ID number, exact point, EXIF) in anything
// the public can read.
import sharp from 'sharp';
import { LogSmsGateway } from '../src/integrations/sms/log-sms.gateway';
import { SMS_GATEWAY } from '../src/integrations/sms/sms-gateway';
import { devLogin, startTestServer, testDbKind, type TestServer } from './harness';
import { uploadPhoto } from './fixtures';

const PHONE = '13600136099';
const ID_NUMBER = '42100219880808123X';

describe(`typical cases made public on ${testDbKind}`, () => {
  let server: TestServer;
  let filer: string;
  let other: string;
  const token: Record<string, string> = {};
  let key = 0;

  async function smsResident(phone: string): Promise<string> {
    await server.request('POST', '/api/auth/sms-code', { body: { phone } });
    const outbox = (server.app.get(SMS_GATEWAY) as LogSmsGateway).outbox.filter((m) => m.phone === phone);
    const res = await server.request('POST', '/api/auth/sms-login', { body: { phone, code: outbox[outbox.length - 1]!.params[0] } });
    return res.body.accessToken as string;
  }
  const as = (who: string) => token[who] ?? who;
  const post = (path: string, who: string, body: unknown = {}) => server.request('POST', path, { token: as(who), body });
  const act = async (id: string, action: string, who: string, body: unknown = {}) => {
    const res = await post(`/api/staff/cases/${id}/${action}`, who, body);
    if (res.status !== 200) throw new Error(`${action}: ${res.status} ${res.text}`);
  };

  /** Files as the filer and carries the case to closed with a reply photo; returns its id and the photo. */
  async function closedCase(extra: Record<string, unknown> = {}) {
    const filed = await server.request('POST', '/api/cases', {
      token: filer,
      headers: { 'idempotency-key': `d-${++key}` },
      body: {
        demandType: 'help',
        categoryCode: '010101',
        description: `我是张秀英，电话${PHONE}，身份证${ID_NUMBER}，府前路12号门口路灯三晚不亮`,
        location: { lat: 30.51234, lng: 114.90321, coordinateSystem: 'wgs84' },
        address: '城关街道府前路12号3单元',
        contactName: '张秀英',
        privacyConsentVersion: '2026-01',
        ...extra,
      },
    });
    if (filed.status !== 201) throw new Error(filed.text);
    const id = filed.body.id as string;
    await act(id, 'accept', 'operator');
    const suggestion = await server.request('GET', `/api/staff/cases/${id}/dispatch-suggestions`, { token: token.dispatcher });
    const lead = suggestion.body.suggestions[0].lead[0] as { unitId: string; code: string };
    await act(id, 'dispatch', 'dispatcher', { leadUnitId: lead.unitId });
    const handler = await devLogin(server, 'handler', lead.code);
    await act(id, 'sign', handler);
    const photo = await uploadPhoto(server, handler);
    await act(id, 'reply', handler, { text: `已联系张秀英（${PHONE}）并更换灯泡，恢复照明`, mediaIds: [photo] });
    await act(id, 'review', 'supervisor', { decision: 'approve' });
    await act(id, 'callback', 'operator', { satisfaction: 'satisfied', solved: true });
    return { id, photo };
  }

  beforeAll(async () => {
    server = await startTestServer();
    for (const role of ['operator', 'dispatcher', 'supervisor', 'handler']) token[role] = await devLogin(server, role);
    filer = await smsResident(PHONE);
    other = await smsResident('13600136098');
  });
  afterAll(() => server?.close());

  it('publishes nothing without the filer’s consent, and only the filer may give it', async () => {
    const { id } = await closedCase();
    const refused = await post('/api/disclosure', 'supervisor', { caseId: id, filerTitle: 'ms' });
    expect(refused.status).toBe(400);
    expect((await post(`/api/cases/${id}/publish-consent`, other, { consent: true })).status).toBe(404);
    expect((await post('/api/disclosure', 'handler', { caseId: id, filerTitle: 'ms' })).status).toBe(403);
  });

  it('moderates, publishes a case with a blurred photo and none of the filer’s personal data, then takes it down', async () => {
    const { id, photo } = await closedCase();
    expect((await post(`/api/cases/${id}/publish-consent`, filer, { consent: true })).body.consent).toBe(true);
    const draft = await post('/api/disclosure', 'supervisor', { caseId: id, filerTitle: 'ms' });
    expect(draft.status).toBe(201);
    expect(draft.body).toMatchObject({ status: 'draft', road: '城关街道府前路', consent: true });
    expect(draft.body.description).toContain('我是张女士');
    expect(draft.body.reply).toContain('已联系张女士');
    expect(draft.body.candidatePhotos.map((p: { mediaId: string }) => p.mediaId)).toContain(photo);
    expect((await server.request('GET', '/api/public/cases')).body.items).toEqual([]);

    const edited = await server.request('PATCH', `/api/disclosure/${draft.body.id}`, {
      token: token.supervisor,
      body: {
        description: `张秀英反映府前路路灯不亮，回电${PHONE}`,
        photos: [{ mediaId: photo, blur: [{ x: 0, y: 0, w: 0.5, h: 0.5 }] }],
      },
    });
    expect(edited.status).toBe(200);
    expect(edited.body.description).toBe('张女士反映府前路路灯不亮，回电***');
    const published = await post(`/api/disclosure/${draft.body.id}/publish`, 'supervisor');
    expect(published.body.status).toBe('published');

    const list = await server.request('GET', '/api/public/cases?category=010101');
    expect(list.body.items.map((c: { id: string }) => c.id)).toEqual([draft.body.id]);
    const detail = await server.request('GET', `/api/public/cases/${draft.body.id}`);
    expect(detail.status).toBe(200);
    expect(detail.body.steps.map((s: { type: string }) => s.type)).toEqual(expect.arrayContaining(['submit', 'dispatch', 'reply']));
    for (const text of [list.text, detail.text]) {
      for (const secret of ['张秀英', '秀英', PHONE, ID_NUMBER, '12号', '30.51234', '114.90321']) expect(text).not.toContain(secret);
      expect(text).not.toMatch(/1[3-9]\d{9}|\d{17}[\dX]/);
    }
    expect(detail.body.point).toEqual({ lat: expect.closeTo(30.512, 3), lng: expect.closeTo(114.903, 3) });

    const image = await fetch(`${server.url}${detail.body.photoUrls[0]}`);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/jpeg');
    const bytes = Buffer.from(await image.arrayBuffer());
    const meta = await sharp(bytes).metadata();
    expect(meta.exif).toBeUndefined();

    expect((await post(`/api/cases/${id}/publish-consent`, filer, { consent: false })).status).toBe(200);
    expect((await server.request('GET', `/api/public/cases/${draft.body.id}`)).status).toBe(404);
    expect((await fetch(`${server.url}${detail.body.photoUrls[0]}`)).status).toBe(404);
    expect((await post(`/api/disclosure/${draft.body.id}/publish`, 'supervisor')).status).toBe(400);
  });

  it('blurs the marked area of a photo server-side and leaves the rest', async () => {
    const { blurRegions } = await import('../src/media/blur');
    // A sharp checkerboard: blurred, its squares melt into grey.
    const size = 64;
    const raw = Buffer.alloc(size * size * 3);
    for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) raw.fill(((x >> 2) + (y >> 2)) % 2 ? 255 : 0, (y * size + x) * 3, (y * size + x) * 3 + 3);
    const original = await sharp(raw, { raw: { width: size, height: size, channels: 3 } }).withMetadata({ exif: { IFD0: { Copyright: 'GPS here' } } }).jpeg().toBuffer();
    expect((await sharp(original).metadata()).exif).toBeDefined();
    const out = await blurRegions(original, [{ x: 0, y: 0, w: 0.5, h: 1 }]);
    expect((await sharp(out).metadata()).exif).toBeUndefined();
    const stdev = async (left: number) => {
      const px = await sharp(out).extract({ left, top: 0, width: 32, height: 64 }).greyscale().raw().toBuffer();
      const mean = px.reduce((a, b) => a + b, 0) / px.length;
      return Math.sqrt(px.reduce((a, b) => a + (b - mean) ** 2, 0) / px.length);
    };
    expect(await stdev(0)).toBeLessThan(30);
    expect(await stdev(32)).toBeGreaterThan(100);
  });

  it('publishes an anonymous filer’s case only as text', async () => {
    const { id, photo } = await closedCase({ anonymous: true });
    await post(`/api/cases/${id}/publish-consent`, filer, { consent: true });
    const draft = await post('/api/disclosure', 'supervisor', { caseId: id, filerTitle: 'mr' });
    expect(draft.body.candidatePhotos).toEqual([]);
    const withPhoto = await server.request('PATCH', `/api/disclosure/${draft.body.id}`, {
      token: token.supervisor,
      body: { photos: [{ mediaId: photo, blur: [] }] },
    });
    expect(withPhoto.status).toBe(400);
    expect((await post(`/api/disclosure/${draft.body.id}/publish`, 'supervisor')).body.status).toBe('published');
    expect((await post(`/api/disclosure/${draft.body.id}/unpublish`, 'supervisor')).body.status).toBe('unpublished');
    expect((await server.request('GET', `/api/public/cases/${draft.body.id}`)).status).toBe(404);
  });
});
