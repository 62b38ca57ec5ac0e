// The weekly bulletin over real HTTP and the real scheduler: the first tick from Monday on builds
// last week's bulletin once (however many instances race for it), with the week's volume and its
// change from the week before, the busiest categories and townships, the units' 三率 ranking and
// the spikes; the leaders find it in their inbox, its PDF carries the Chinese text.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { bulletinWeekOf, reportLinkFor, shanghaiDate } from '@hotline/core';
import { BulletinsService } from '../src/measures/bulletins.service';
import { SchedulerService } from '../src/scheduler/scheduler.service';
import { devLogin, inboxItemsOf, startTestServer, testDbKind, type TestServer } from './harness';

const DAY_MS = 86_400_000;
const addDays = (iso: string, n: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);

describe(`weekly bulletin on ${testDbKind}`, () => {
  let server: TestServer;
  let scheduler: SchedulerService;
  const token: Record<string, string> = {};
  const T01 = '421199001000';
  const STREET_LIGHTS = '010101';
  // The week the cases below are filed in, and the Monday after it, 09:00 in Shanghai.
  const thisWeek = bulletinWeekOf(addDays(shanghaiDate(new Date()), 7));
  const nextMonday = new Date(`${addDays(thisWeek.weekEnd, 1)}T09:00:00+08:00`);

  const bulletinMessages = (who: string) => inboxItemsOf(server, token[who]!, 'bulletin');
  const list = async () => {
    const res = await server.request('GET', '/api/analytics/bulletins', { token: token.supervisor });
    expect(res.status).toBe(200);
    return res.body.items as Array<{ id: number; weekStart: string; weekEnd: string; filed: number; change: number | null }>;
  };

  beforeAll(async () => {
    server = await startTestServer();
    scheduler = server.app.get(SchedulerService);
    for (const [name, role, unit] of [
      ['operator', 'operator'],
      ['supervisor', 'supervisor'],
      ['analyst', 'analyst'],
      ['admin', 'admin'],
      ['dispatcher', 'dispatcher'],
      ['t01', 'handler', 'T01'],
    ] as const) {
      token[name] = await devLogin(server, role, unit);
    }
    const units = new Map(
      (await server.database.db.selectFrom('units').select(['id', 'code']).where('code', 'in', ['D-ZJJ', 'D-CGJ']).execute()).map((u) => [u.code, u.id]),
    );
    // The week before: 2 street-light demands in 城关街道 and 2 more elsewhere; this week two units'
    // dispatches: 住建局 signed 4 of 4 in time, 城管局 2 of 4; the week before, the other way round.
    const day = (week: { weekStart: string }, n: number) => addDays(week.weekStart, n);
    const before = { weekStart: thisWeek.previousWeekStart };
    // The buckets and the narrow sums kept beside them (as the case-event hook writes both).
    const history = [
      { day: day(before, 1), unit_id: '', category_code: STREET_LIGHTS, township_code: T01, channel: 'phone', filed: 2 },
      { day: day(before, 2), unit_id: '', category_code: '', township_code: '', channel: 'phone', filed: 2 },
    ];
    await server.database.db.insertInto('case_rollups').values(history).execute();
    await server.database.db
      .insertInto('category_day_rollups')
      .values(history.map(({ day: d, category_code, channel, filed }) => ({ day: d, category_code, channel, filed })))
      .execute();
    await server.database.db
      .insertInto('area_day_rollups')
      .values(history.map(({ day: d, township_code, channel, filed }) => ({ day: d, township_code, channel, filed })))
      .execute();
    await server.database.db
      .insertInto('unit_day_rollups')
      .values([
        { day: day(thisWeek, 0), unit_id: units.get('D-ZJJ')!, dispatched: 4, signed_in_time: 4 },
        { day: day(thisWeek, 0), unit_id: units.get('D-CGJ')!, dispatched: 4, signed_in_time: 2 },
        { day: day(before, 0), unit_id: units.get('D-ZJJ')!, dispatched: 4, signed_in_time: 1 },
        { day: day(before, 0), unit_id: units.get('D-CGJ')!, dispatched: 4, signed_in_time: 3 },
      ])
      .execute();
    // This week, filed for real: 3 street-light demands in 城关街道 (a spike: nothing there before).
    for (const description of ['府前路路灯不亮', '府前路东段路灯不亮', '府前路西段路灯不亮']) {
      const res = await server.request('POST', '/api/cases/phone', {
        token: token.operator,
        body: { callerPhone: '13912345678', demandType: 'help', categoryCode: STREET_LIGHTS, description, townshipCode: T01, acceptNow: true },
      });
      expect(res.status).toBe(201);
    }
    expect((await scheduler.tick(new Date())).spikes).toBe(1);
  });
  afterAll(() => server.close());

  it('should build last week’s bulletin on the Monday tick, once, with its volume, change, ranking and spike', async () => {
    // The first tick of this server (in beforeAll, on whatever day today is) caught up with the
    // week before this one: a server down on Monday issues the bulletin when it comes back.
    const earlier = await list();
    expect(earlier.map((b) => b.weekStart)).toEqual([thisWeek.previousWeekStart]);
    const report = await scheduler.tick(nextMonday);
    expect(report.bulletins).toBe(1);
    const after = await list();
    expect(after).toHaveLength(earlier.length + 1);
    const [latest] = after;
    expect(latest).toMatchObject({ weekStart: thisWeek.weekStart, weekEnd: thisWeek.weekEnd, filed: 3, change: -0.25 });

    const res = await server.request('GET', `/api/analytics/bulletins/${latest!.id}`, { token: token.analyst });
    expect(res.status).toBe(200);
    const c = res.body.content;
    expect(c.volume).toMatchObject({ filed: 3, previousFiled: 4, change: -0.25 });
    expect(c.topCategories[0]).toEqual({ code: STREET_LIGHTS, name: '路灯损坏', filed: 3, previousFiled: 2 });
    expect(c.topTownships[0]).toMatchObject({ code: T01, name: '城关街道', filed: 3, previousFiled: 2 });
    expect(c.ranking.map((r: { name: string; rank: number; previousRank: number }) => [r.name, r.rank, r.previousRank])).toEqual([
      ['云泽县住房和城乡建设局', 1, 2],
      ['云泽县城市管理综合执法局', 2, 1],
    ]);
    expect(c.ranking[0].rates.responseRate).toBe(1);
    expect(c.spikes).toEqual([expect.objectContaining({ categoryName: '路灯损坏', townshipName: '城关街道', count: 3 })]);
  });

  it('should not build the week again on a later tick, on another day, or when instances race', async () => {
    const count = (await list()).length;
    expect((await scheduler.tick(nextMonday)).bulletins).toBe(0);
    expect((await scheduler.tick(new Date(nextMonday.getTime() + 2 * DAY_MS))).bulletins).toBe(0);
    // Two instances that both saw no bulletin yet: the week's unique key lets one insert it.
    await server.database.db.deleteFrom('notification_inbox').where('kind', '=', 'bulletin').execute();
    await server.database.db.deleteFrom('weekly_bulletins').where('week_start', '=', thisWeek.weekStart).execute();
    const bulletins = server.app.get(BulletinsService);
    const built = await Promise.all([bulletins.buildDue(nextMonday), bulletins.buildDue(nextMonday), bulletins.buildDue(nextMonday)]);
    expect(built.reduce((a, b) => a + b, 0)).toBe(1);
    expect(await list()).toHaveLength(count);
  });

  it('should tell each leader once, leading to the bulletin’s page, and nobody else', async () => {
    const [latest] = await list();
    for (const who of ['supervisor', 'analyst', 'admin']) {
      const messages = await bulletinMessages(who);
      expect(messages).toHaveLength(1);
      expect(messages[0]).toMatchObject({
        title: `热线周报：${thisWeek.weekStart}至${thisWeek.weekEnd}`,
        link: reportLinkFor('bulletin', latest!.id),
        caseId: null,
      });
      expect(messages[0]!.body).toContain('上周受理3件，环比下降25%');
    }
    for (const who of ['dispatcher', 't01', 'operator']) expect(await bulletinMessages(who)).toEqual([]);
  });

  it('should give the bulletin as a PDF in Chinese', async () => {
    const [latest] = await list();
    const res = await fetch(`${server.url}/api/analytics/bulletins/${latest!.id}/pdf`, { headers: { authorization: `Bearer ${token.supervisor}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toContain(`hotline-bulletin-${thisWeek.weekStart}.pdf`);
    const bytes = new Uint8Array(await res.arrayBuffer());
    // The font is embedded as a subset: a whole CJK font would be megabytes.
    expect(bytes.length).toBeLessThan(200_000);
    expect(Buffer.from(bytes.subarray(0, 5)).toString()).toBe('%PDF-');
    const text = execFileSync(process.execPath, [join(__dirname, 'fixtures', 'pdf-text.mjs')], { input: bytes, encoding: 'utf8' });
    expect(text).toContain('12345政务服务便民热线周报');
    expect(text).toContain('本周受理3件，上周4件，环比下降25%');
    expect(text).toContain('第1名 云泽县住房和城乡建设局');
    expect(text).toContain('城关街道「路灯损坏」当日3件');
  });

  it('should keep bulletins to the leaders, and answer bad ids with the error shape', async () => {
    for (const who of ['t01', 'dispatcher']) {
      const res = await server.request('GET', '/api/analytics/bulletins', { token: token[who] });
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('FORBIDDEN');
    }
    const [latest] = await list();
    const pdf = await server.request('GET', `/api/analytics/bulletins/${latest!.id}/pdf`, { token: token.t01 });
    expect(pdf.status).toBe(403);
    const missing = await server.request('GET', '/api/analytics/bulletins/999999', { token: token.analyst });
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('NOT_FOUND');
    const missingPdf = await server.request('GET', '/api/analytics/bulletins/999999/pdf', { token: token.analyst });
    expect(missingPdf.status).toBe(404);
    const bad = await server.request('GET', '/api/analytics/bulletins/abc', { token: token.analyst });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
  });
});
