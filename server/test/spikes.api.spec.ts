// Spike alerts over real HTTP and the real scheduler: today's filings per category × township
// against the EARS C2 baseline, told once to the supervisors' and analysts' inboxes, with the
// cases behind them; the scheduler's clock moved by tick(now).
import { earsBaselineDays, matterLinkFor, shanghaiDate } from '@hotline/core';
import { SchedulerService } from '../src/scheduler/scheduler.service';
import { devLogin, inboxItemsOf, startTestServer, testDbKind, type TestServer } from './harness';

describe(`spike alerts on ${testDbKind}`, () => {
  let server: TestServer;
  let scheduler: SchedulerService;
  const token: Record<string, string> = {};
  const T01 = '421199001000';
  const T02 = '421199002000';
  const STREET_LIGHTS = '010101';

  const call = async (townshipCode: string, description: string) => {
    const res = await server.request('POST', '/api/cases/phone', {
      token: token.operator,
      body: { callerPhone: '13912345678', demandType: 'help', categoryCode: STREET_LIGHTS, description, townshipCode, acceptNow: true },
    });
    if (res.status !== 201) throw new Error(`phone intake: ${res.status} ${res.text}`);
    return res.body as { id: string; trackingNumber: string };
  };
  const spikeMessages = (who: string) => inboxItemsOf(server, token[who]!, 'spike');
  const today = () => shanghaiDate(new Date());
  const nextDay = (now: Date) => new Date(now.getTime() + 86_400_000);

  beforeAll(async () => {
    server = await startTestServer();
    scheduler = server.app.get(SchedulerService);
    for (const [name, role, unit] of [
      ['operator', 'operator'],
      ['supervisor', 'supervisor'],
      ['analyst', 'analyst'],
      ['dispatcher', 'dispatcher'],
      ['t01', 'handler', 'T01'],
      ['t01manager', 'unit_manager', 'T01'],
    ] as const) {
      token[name] = await devLogin(server, role, unit);
    }
  });
  afterAll(() => server.close());

  const filedT01: Array<{ id: string; trackingNumber: string }> = [];

  it('should not call two demands on a quiet day a spike (the minimum is three)', async () => {
    filedT01.push(await call(T01, '府前路路灯不亮'), await call(T01, '府前路东段路灯不亮'));
    const report = await scheduler.tick(new Date());
    expect(report.spikes).toBe(0);
    expect(await spikeMessages('supervisor')).toEqual([]);
  });

  it('should tell the supervisors and analysts of a third demand above a quiet baseline, with the cases behind it', async () => {
    filedT01.push(await call(T01, '府前路西段路灯也不亮'));
    const report = await scheduler.tick(new Date());
    expect(report.spikes).toBe(1);
    for (const who of ['supervisor', 'analyst']) {
      const [message, ...more] = await spikeMessages(who);
      expect(more).toEqual([]);
      expect(message!.title).toBe('诉求突增：城关街道「路灯损坏」今日3件');
      expect(message!.body).toContain('日均0件');
    }
    // Nobody outside the centre's figures hears of it.
    expect(await spikeMessages('t01')).toEqual([]);
    expect(await spikeMessages('dispatcher')).toEqual([]);

    const [message] = await spikeMessages('analyst');
    const id = Number(/id=(\d+)/.exec(message!.link)![1]);
    // The page the weapp check finds declared in app.json.
    expect(message!.link).toBe(matterLinkFor('spike', id));
    const detail = await server.request('GET', `/api/analytics/spikes/${id}`, { token: token.analyst });
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({ day: today(), categoryName: '路灯损坏', townshipName: '城关街道', count: 3, mean: 0, threshold: 0 });
    expect((detail.body.cases as Array<{ trackingNumber: string }>).map((c) => c.trackingNumber).sort()).toEqual(
      filedT01.map((c) => c.trackingNumber).sort(),
    );
  });

  it('should raise a spike once however often the scheduler looks, and not again the next day', async () => {
    filedT01.push(await call(T01, '府前路路灯第四次反映'));
    expect((await scheduler.tick(new Date())).spikes).toBe(0);
    // The clock moves on a day: nothing filed yet on the new day, nothing new to say.
    expect((await scheduler.tick(nextDay(new Date()))).spikes).toBe(0);
    expect(await spikeMessages('supervisor')).toHaveLength(1);
  });

  it('should judge a busy place against its own baseline: 5 is usual for 东湖街道, 6 is not', async () => {
    // The seven days ending two days ago: 3, 4, 3, 5, 4, 3, 4 street-light demands (mean 3.71, SD 0.76, alert above 5.98).
    const history = [3, 4, 3, 5, 4, 3, 4];
    await server.database.db
      .insertInto('case_rollups')
      .values(
        earsBaselineDays(today()).map((day, i) => ({
          day,
          unit_id: '',
          category_code: STREET_LIGHTS,
          township_code: T02,
          channel: 'phone',
          filed: history[i]!,
        })),
      )
      .execute();
    // Yesterday and the day before are not in the baseline: a busy day there changes nothing.
    for (let i = 0; i < 5; i++) await call(T02, `东湖路路灯第${i + 1}处不亮`);
    expect((await scheduler.tick(new Date())).spikes).toBe(0);
    await call(T02, '东湖路路灯第6处不亮');
    expect((await scheduler.tick(new Date())).spikes).toBe(1);
    const titles = (await spikeMessages('analyst')).map((m) => m.title);
    expect(titles).toContain('诉求突增：东湖街道「路灯损坏」今日6件');

    const list = await server.request('GET', `/api/analytics/spikes?from=${today()}&to=${today()}`, { token: token.supervisor });
    expect(list.status).toBe(200);
    expect((list.body.items as Array<{ townshipName: string; count: number; threshold: number }>).map((s) => [s.townshipName, s.count, s.threshold])).toEqual([
      ['东湖街道', 6, 5.98],
      ['城关街道', 3, 0],
    ]);
  });

  it('should keep spikes to those who read the county figures, and refuse a bad period', async () => {
    for (const who of ['t01', 't01manager']) {
      const res = await server.request('GET', `/api/analytics/spikes?from=${today()}&to=${today()}`, { token: token[who] });
      expect(res.status).toBe(403);
    }
    const backwards = await server.request('GET', `/api/analytics/spikes?from=${today()}&to=2020-01-01`, { token: token.analyst });
    expect(backwards.status).toBe(400);
    expect(backwards.body.code).toBe('VALIDATION_FAILED');
    const tooLong = await server.request('GET', '/api/analytics/spikes?from=2015-01-01&to=2026-01-01', { token: token.analyst });
    expect(tooLong.status).toBe(400);
    const missing = await server.request('GET', '/api/analytics/spikes/999999', { token: token.analyst });
    expect(missing.status).toBe(404);
  });
});
