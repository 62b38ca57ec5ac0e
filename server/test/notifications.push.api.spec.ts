// Web Push: VAPID key published, browser subscriptions registered, encrypted pushes signed for
// the push service, and subscriptions dropped when the push service says the browser left.
import type { Principal } from '../src/auth/tokens';
import { CaseWorkflowService } from '../src/cases/case-workflow.service';
import { NotificationWorker } from '../src/notifications/notification.worker';
import { startFakePushService, type FakePushService } from './fakes/push-service';
import { sessionToken, startTestServer, testDbKind, type TestServer } from './harness';

// A browser's real P-256 key and auth secret, so web-push can encrypt to it.
import { createECDH, randomBytes } from 'node:crypto';
const browserKeys = () => {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  return { p256dh: ecdh.getPublicKey().toString('base64url'), auth: randomBytes(16).toString('base64url') };
};

describe(`web push on ${testDbKind}`, () => {
  let server: TestServer;
  let push: FakePushService;
  let publicKey = '';
  const who: Record<string, Principal> = {};

  beforeAll(async () => {
    server = await startTestServer({ HOTLINE_NOTIFY_INTERVAL_MS: '0', HOTLINE_PUSH_TEST_ENDPOINTS: '1' });
    push = await startFakePushService(() => publicKey);
    for (const name of ['t01_handler', 'operator1', 'dispatcher1', 'resident1']) {
      const u = await server.database.db
        .selectFrom('users')
        .select(['id', 'role', 'unit_id'])
        .where('username', '=', name)
        .executeTakeFirstOrThrow();
      who[name] = { userId: u.id, role: u.role, unitId: u.unit_id };
    }
  });
  afterAll(async () => {
    await server?.close();
    await push?.close();
  });

  it('publishes a VAPID key, delivers a signed encrypted push to a registered browser, and forgets a browser that left', async () => {
    const key = await server.request('GET', '/api/push/vapid-public-key');
    expect(key.status).toBe(200);
    publicKey = key.body.publicKey;
    expect(Buffer.from(publicKey, 'base64url')).toHaveLength(65);

    const token = await sessionToken(server, who.t01_handler!);
    const bad = await server.request('POST', '/api/me/subscriptions/push', {
      token,
      body: { endpoint: push.endpoint('x'), keys: { p256dh: 'a' }, extra: 1 },
    });
    expect(bad.status).toBe(400);
    for (const name of ['laptop', 'phone']) {
      const res = await server.request('POST', '/api/me/subscriptions/push', {
        token,
        body: { endpoint: push.endpoint(name), expirationTime: null, keys: browserKeys() },
      });
      expect(res.status).toBe(201);
    }
    push.gone.add('phone');

    const workflow = server.app.get(CaseWorkflowService);
    const c = await workflow.submit(
      {
        demandType: 'complaint',
        urgency: 'normal',
        channel: 'h5',
        categoryCode: null,
        description: '路面塌陷',
        address: null,
        location: null,
        townshipCode: null,
        villageCode: null,
        filerUserId: who.resident1!.userId,
        contactName: null,
        contactPhone: null,
        anonymous: false,
        consentVersion: null,
        callId: null,
        callbackWanted: false,
        mediaIds: [],
      },
      who.resident1!,
    );
    await workflow.act(c.id, { type: 'accept' }, who.operator1!);
    const t01 = (
      await server.database.db.selectFrom('units').select('id').where('code', '=', 'T01').executeTakeFirstOrThrow()
    ).id;
    await workflow.act(c.id, { type: 'dispatch', leadUnit: await workflow.unitRef(t01) }, who.dispatcher1!);
    await server.app.get(NotificationWorker).drain();

    expect(push.problems).toEqual([]);
    expect(push.received.map((r) => r.path)).toEqual(['/push/laptop']);
    const laptop = push.received.find((r) => r.path === '/push/laptop')!;
    expect(laptop.jwt.aud).toBe(push.origin);
    const row = await server.database.db
      .selectFrom('notification_outbox')
      .selectAll()
      .where('case_id', '=', c.id)
      .where('channel', '=', 'webpush')
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('sent');
    const left = await server.database.db
      .selectFrom('push_subscriptions')
      .select('endpoint')
      .where('user_id', '=', who.t01_handler!.userId)
      .execute();
    expect(left.map((s) => s.endpoint)).toEqual([push.endpoint('laptop')]);
  });
});
