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
    expect(after.description).toBe('请问小区路灯坏了找哪个部门处理'); // nothing personal in it
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

  it('scrubs the filer out of the description, every event text and the inbox, and the trail still verifies', async () => {
    for (const role of ['resident', 'operator', 'admin']) token[role] = await devLogin(server, role);
    await server.request('PUT', '/api/admin/retention', { token: token.admin, body: { anonymiseAfterDays: 30, photos: 'remove' } });
    const photo = await uploadPhoto(server, token.resident!);
    const filed = await server.request('POST', '/api/cases', {
      token: token.resident,
      headers: { 'idempotency-key': `retention-${++key}` },
      body: {
        demandType: 'help',
        categoryCode: '010101',
        description: '我是刘晓梅，住府前路12号3栋，路灯坏了，电话13700001111',
        location: { lat: 30.512345, lng: 114.912345, coordinateSystem: 'wgs84', accuracyM: 10 },
        address: '府前路12号3栋',
        contactName: '刘晓梅',
        contactPhone: '13700001111',
        mediaIds: [photo],
        privacyConsentVersion: '2026-01',
      },
    });
    expect(filed.status).toBe(201);
    const id = filed.body.id as string;
    const act = async (path: string, body: unknown) => {
      const res = await server.request('POST', `/api/staff/cases/${id}/${path}`, { token: token.operator, body });
      expect(res.status).toBe(200);
    };
    await act('request-info', { question: '刘晓梅您好，请确认是府前路12号3栋门口吗？' });
    const supplemented = await server.request('POST', `/api/cases/${id}/supplement`, {
      token: token.resident,
      body: { text: '是的，晓梅确认，有事打13700001111', mediaIds: [] },
    });
    expect(supplemented.status).toBe(200);
    const entry = await server.database.db.selectFrom('knowledge_entries').select('id').where('code', '=', 'KB001').executeTakeFirstOrThrow();
    await act('answer', { knowledgeEntryId: entry.id, text: '已电话答复刘晓梅（13700001111）' });
    const closedAt = Date.parse((await row(id)).closed_at!);
    const personal = ['刘晓梅', '晓梅', '13700001111', '12号3栋'];
    const texts = async () => {
      const events = await server.database.db.selectFrom('case_events').select('payload_json').where('case_id', '=', id).execute();
      const inbox = await server.database.db.selectFrom('notification_inbox').select(['title', 'body']).where('case_id', '=', id).execute();
      return JSON.stringify([(await row(id)).description, events, inbox]);
    };
    // The scheduler's other work (this file's earlier cases at the same place form a repeated
    // demand whose notice names this case) runs first, so that what follows compares retention alone.
    await scheduler.tick(new Date(closedAt));
    const before = await texts();
    expect(personal.every((p) => before.includes(p))).toBe(true);

    expect((await scheduler.tick(new Date(closedAt + 29 * DAY))).anonymised).toBe(0);
    expect(await texts()).toBe(before);
    const run = new Date(closedAt + 31 * DAY);
    expect((await scheduler.tick(run)).anonymised).toBeGreaterThanOrEqual(1);

    const after = await texts();
    expect(personal.filter((p) => after.includes(p))).toEqual([]);
    expect((await row(id)).description).toBe('我是***，住府前路，路灯坏了，电话***');
    expect(after).toContain('请确认是府前路门口吗');
    // The trail still verifies, the anonymise event records what it scrubbed, and the run is audited.
    for (const role of ['operator', 'admin']) token[role] = await devLogin(server, role);
    expect((await server.request('GET', '/api/admin/audit/verify', { token: token.admin })).body).toMatchObject({ ok: true, problems: [] });
    const anonymise = await server.database.db.selectFrom('case_events').select('payload_json').where('case_id', '=', id).where('type', '=', 'anonymise').executeTakeFirstOrThrow();
    expect(JSON.parse(anonymise.payload_json)).toMatchObject({ photosRemoved: 1, unscrubbable: 0, redacted: expect.arrayContaining([expect.objectContaining({ digest: expect.stringMatching(/^[0-9a-f]{64}$/) })]) });
    expect(JSON.parse(anonymise.payload_json).redacted.length).toBeGreaterThanOrEqual(3);
    const audit = await server.request('GET', '/api/admin/audit?entity=retention_run', { token: token.admin });
    expect(audit.body.items[0]).toMatchObject({
      entity: 'retention_run',
      actorId: 'system',
      after: { afterDays: 30, photos: 'remove', cases: expect.any(Number), photosRemoved: expect.any(Number), eventTextsScrubbed: expect.any(Number) },
    });
    expect(audit.body.items[0].after.eventTextsScrubbed).toBeGreaterThanOrEqual(3);
  });

  it('still refuses any other change to an event, and catches a scrub the anonymise event did not record', async () => {
    const { id } = await closedCase();
    const db = server.database.db;
    const first = await db.selectFrom('case_events').select(['id', 'payload_json']).where('case_id', '=', id).orderBy('seq').executeTakeFirstOrThrow();
    const refused = (q: Promise<unknown>) => q.then(() => 'accepted', (e: Error) => e.message);
    // Before the case is anonymised, no payload may change.
    expect(await refused(db.updateTable('case_events').set({ payload_json: '{}' }).where('id', '=', first.id).execute())).toMatch(/append-only/);
    await scheduler.tick(new Date(Date.parse((await row(id)).closed_at!) + 4 * 365 * DAY));
    // After it, only payload_json may change, and verification holds it against the keyed record.
    expect(await refused(db.updateTable('case_events').set({ type: 'x' }).where('id', '=', first.id).execute())).toMatch(/append-only/);
    expect(await refused(db.updateTable('case_events').set({ payload_digest: 'x' }).where('id', '=', first.id).execute())).toMatch(/append-only/);
    expect(await refused(db.deleteFrom('case_events').where('id', '=', first.id).execute())).toMatch(/append-only/);
    await db.updateTable('case_events').set({ payload_json: '{"forged":true}' }).where('id', '=', first.id).execute();
    const report = (await server.request('GET', '/api/admin/audit/verify', { token: await devLogin(server, 'admin') })).body;
    expect(report.ok).toBe(false);
    expect(report.problems).toContainEqual(expect.objectContaining({ eventId: Number(first.id), problem: 'content_changed' }));
  });
});
