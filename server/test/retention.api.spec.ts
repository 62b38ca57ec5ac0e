// Retention (PIPL): the scheduler anonymises a closed case's personal data after the admin's
// period (default 3 years), as an audited event; the case and its statistics stay. The clock is
// moved by handing tick() a later "now".
import { SchedulerService } from '../src/scheduler/scheduler.service';
import { devLogin, startTestServer, testDbKind, type TestServer } from './harness';
import { uploadPhoto } from './fixtures';

const DAY = 86_400_000;

describe(`retention of personal data on ${testDbKind}`, () => {
  let server: TestServer;
  let scheduler: SchedulerService;
  const token: Record<string, string> = {};
  let key = 0;

  /** A resident's case with a photo, a point and an address, answered from the knowledge base (closed now). */
  const closedCase = async (): Promise<{ id: string; photo: string }> => {
    const photo = await uploadPhoto(server, token.resident!);
    const filed = await server.request('POST', '/api/cases', {
      token: token.resident,
      headers: { 'idempotency-key': `retention-${++key}` },
      body: {
        demandType: 'consultation',
        categoryCode: '010101',
        description: '请问小区路灯坏了找哪个部门处理',
        location: { lat: 30.512345, lng: 114.912345, coordinateSystem: 'wgs84', accuracyM: 10 },
        address: '府前路12号3栋',
        contactName: '刘晓梅',
        contactPhone: '13700001111',
        mediaIds: [photo],
        privacyConsentVersion: '2026-01',
      },
    });
    expect(filed.status).toBe(201);
    const entry = await server.database.db.selectFrom('knowledge_entries').select('id').where('code', '=', 'KB001').executeTakeFirstOrThrow();
    const answered = await server.request('POST', `/api/staff/cases/${filed.body.id}/answer`, {
      token: token.operator,
      body: { knowledgeEntryId: entry.id },
    });
    expect(answered.body.status).toBe('closed');
    return { id: filed.body.id, photo };
  };
  const row = (id: string) => server.database.db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  beforeAll(async () => {
    server = await startTestServer();
    scheduler = server.app.get(SchedulerService);
    for (const role of ['resident', 'operator', 'admin', 'analyst']) token[role] = await devLogin(server, role);
  });
  afterAll(() => server?.close());

  it('keeps a closed case whole for three years, then removes name, phone, address and photos and coarsens the point', async () => {
    const { id, photo } = await closedCase();
    const closedAt = Date.parse((await row(id)).closed_at!);
    const photoUrl = (await server.request('GET', `/api/cases/${id}`, { token: token.resident })).body.media[0].url as string;
    expect((await fetch(server.url + photoUrl)).status).toBe(200);

    expect((await scheduler.tick(new Date(closedAt + 3 * 365 * DAY - 60_000))).anonymised).toBe(0);
    expect((await row(id)).contact_name).toBe('刘晓梅');

    const report = await scheduler.tick(new Date(closedAt + 3 * 365 * DAY + 60_000));
    expect(report.anonymised).toBeGreaterThanOrEqual(1);
    const after = await row(id);
    expect(after).toMatchObject({ contact_name: null, contact_phone_enc: null, contact_phone_hash: null, address: null, lat: 30.512, lng: 114.912 });
    expect(JSON.parse(after.media_ids)).not.toContain(photo);
    expect(after.description).toBe('请问小区路灯坏了找哪个部门处理');
    expect((await fetch(server.url + photoUrl)).status).toBe(404);

    // The moved clock also purged the sign-in sessions that expired meanwhile: sign in again.
    for (const role of ['operator', 'admin']) token[role] = await devLogin(server, role);
    const staff = await server.request('GET', `/api/staff/cases/${id}`, { token: token.operator });
    expect(staff.body).toMatchObject({ contactName: null, contactPhone: null, address: null, photos: [] });
    expect(staff.body.timeline.at(-1)).toMatchObject({ type: 'anonymise', visibility: 'internal', actor: { kind: 'system' } });
    expect(staff.text).not.toContain('刘晓梅');
    expect((await server.request('GET', '/api/admin/audit/verify', { token: token.admin })).body.ok).toBe(true);
    // Done once: a later run leaves it alone.
    expect((await scheduler.tick(new Date(closedAt + 4 * 365 * DAY))).anonymised).toBe(0);
  });

  it('follows the period and photo rule an admin sets, audited, and refuses everyone else', async () => {
    for (const role of ['resident', 'operator', 'admin', 'analyst']) token[role] = await devLogin(server, role);
    expect((await server.request('GET', '/api/admin/retention', { token: token.admin })).body).toEqual({
      anonymiseAfterDays: 1095,
      photos: 'remove',
      isDefault: true,
    });
    const put = (as: string, body: unknown) => server.request('PUT', '/api/admin/retention', { token: token[as], body });
    expect((await put('analyst', { anonymiseAfterDays: 30, photos: 'keep' })).status).toBe(403);
    expect((await put('admin', { anonymiseAfterDays: 1, photos: 'keep' })).status).toBe(400);
    const saved = await put('admin', { anonymiseAfterDays: 30, photos: 'keep' });
    expect(saved.body).toEqual({ anonymiseAfterDays: 30, photos: 'keep', isDefault: false });
    const audit = await server.request('GET', '/api/admin/audit?entity=retention', { token: token.admin });
    expect(audit.body.items[0]).toMatchObject({ entity: 'retention', after: { anonymiseAfterDays: 30, photos: 'keep' } });

    const { id, photo } = await closedCase();
    const closedAt = Date.parse((await row(id)).closed_at!);
    expect((await scheduler.tick(new Date(closedAt + 29 * DAY))).anonymised).toBe(0);
    expect((await row(id)).contact_name).toBe('刘晓梅');
    await scheduler.tick(new Date(closedAt + 31 * DAY));
    const after = await row(id);
    expect(after.contact_name).toBeNull();
    expect(JSON.parse(after.media_ids)).toEqual([photo]);
  });
});
