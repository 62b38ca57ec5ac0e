// Urgent work reaches a unit's handlers by SMS through the real Tencent Cloud adapter (against a
// fake gateway that checks the request signing), and residents who phoned in hear by SMS too.
import type { Principal } from '../src/auth/tokens';
import { CaseWorkflowService } from '../src/cases/case-workflow.service';
import { NotificationWorker } from '../src/notifications/notification.worker';
import { startFakeSms, type FakeSms } from './fakes/sms-tencent';
import { principalOf, residentFiling, unitIdOf } from './fixtures';
import { startTestServer, testDbKind, type TestServer } from './harness';

describe(`SMS notifications on ${testDbKind}`, () => {
  let server: TestServer;
  let sms: FakeSms;
  let workflow: CaseWorkflowService;
  const who: Record<string, Principal> = {};

  beforeAll(async () => {
    sms = await startFakeSms('AKIDnotify', 'notify-secret-key');
    server = await startTestServer({
      SMS_ENDPOINT: sms.url,
      SMS_SECRET_ID: 'AKIDnotify',
      SMS_SECRET_KEY: 'notify-secret-key',
      SMS_SDK_APP_ID: '1400000000',
      SMS_SIGN_NAME: '云泽县12345',
      SMS_TEMPLATE_IDS: 'login_code=100001,case_update=100002,case_alert=100003',
      HOTLINE_NOTIFY_INTERVAL_MS: '0',
    });
    workflow = server.app.get(CaseWorkflowService);
    for (const name of ['operator1', 'dispatcher1']) who[name] = await principalOf(server, name);
  });
  afterAll(async () => {
    await server?.close();
    await sms?.close();
  });

  it('texts the township handlers when an urgent case is dispatched to them, and not for a normal one', async () => {
    const t01 = await workflow.unitRef(await unitIdOf(server, 'T01'));
    const dispatchNew = async (urgency: 'urgent' | 'normal') => {
      const filed = await workflow.submit(
        residentFiling(null, {
          channel: 'phone',
          urgency,
          contactPhone: '13911112222',
          description: `${urgency}：燃气管道漏气味道很重`,
        }),
        who.operator1!,
      );
      await workflow.act(filed.id, { type: 'accept' }, who.operator1!);
      return workflow.act(filed.id, { type: 'dispatch', leadUnit: t01 }, who.dispatcher1!);
    };
    const urgent = await dispatchNew('urgent');
    await server.app.get(NotificationWorker).drain();
    const alerts = sms.sent.filter((m) => m.templateId === '100003');
    // t01_handler and t01_manager are the demo staff of T01.
    expect(alerts.map((m) => m.phone).sort()).toEqual(['+8613800000013', '+8613800000014']);
    expect(alerts[0]!.params[0]).toBe(urgent.tracking_number);
    expect(sms.rejectedSignatures).toBe(0);

    const before = sms.sent.length;
    const normal = await dispatchNew('normal');
    await server.app.get(NotificationWorker).drain();
    expect(
      sms.sent.slice(before).filter((m) => m.templateId === '100003' && m.params[0] === normal.tracking_number),
    ).toEqual([]);
  });

  it('texts a caller who phoned in without an account about the steps of their case', async () => {
    const filed = await workflow.submit(
      residentFiling(null, { channel: 'phone', contactPhone: '13933334444', description: '来电反映：小区路灯不亮' }),
      who.operator1!,
    );
    await workflow.act(filed.id, { type: 'accept' }, who.operator1!);
    await server.app.get(NotificationWorker).drain();
    const updates = sms.sent.filter((m) => m.phone === '+8613933334444' && m.templateId === '100002');
    expect(updates.length).toBeGreaterThanOrEqual(1);
    expect(updates[0]!.params[0]).toBe(filed.tracking_number);
  });
});
