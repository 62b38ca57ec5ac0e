// A fake WeChat API on loopback for subscription messages: issues access tokens (stable_token and
// the classic cgi-bin/token), checks each subscribeMessage.send request's exact shape, and answers
// with whatever error codes a test queues.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedMessage {
  token: string;
  body: { touser: string; template_id: string; page: string; data: Record<string, { value: string }>; miniprogram_state: string; lang: string };
  at: number;
}

export interface FakeWechat {
  url: string;
  received: ReceivedMessage[];
  /** Problems with request shapes seen; a correct client leaves this empty. */
  shapeErrors: string[];
  tokenRequests: number;
  currentToken: string;
  /** The next sends answer these codes in order (0 = ok, 'hang' = never answer). */
  queue: Array<number | 'hang'>;
  /** Make the current token invalid (WeChat's side expired it). */
  expireToken(): void;
  close(): Promise<void>;
}

const KEYWORD = /^[a-z_]+\d+$/;

export async function startFakeWechat(options: { appId?: string; secret?: string; tokenDelayMs?: number } = {}): Promise<FakeWechat> {
  const appId = options.appId ?? 'wx-test-app';
  const secret = options.secret ?? 'test-secret';
  let tokenSerial = 0;
  const fake: FakeWechat = {
    url: '',
    received: [],
    shapeErrors: [],
    tokenRequests: 0,
    currentToken: '',
    queue: [],
    expireToken() {
      fake.currentToken = 'expired';
    },
    close: async () => undefined,
  };
  const issue = () => {
    fake.tokenRequests++;
    fake.currentToken = `TOKEN-${++tokenSerial}`;
    return { access_token: fake.currentToken, expires_in: 7200 };
  };
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const send = (status: number, json: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(json));
      };
      const tokenDelay = options.tokenDelayMs ?? 0;
      if (url.pathname === '/cgi-bin/stable_token' && req.method === 'POST') {
        const body = JSON.parse(raw || '{}') as { appid?: string; secret?: string; grant_type?: string };
        if (body.appid !== appId || body.secret !== secret || body.grant_type !== 'client_credential') return send(200, { errcode: 40013, errmsg: 'invalid appid' });
        return void setTimeout(() => send(200, issue()), tokenDelay);
      }
      if (url.pathname === '/cgi-bin/token' && req.method === 'GET') {
        if (url.searchParams.get('appid') !== appId || url.searchParams.get('secret') !== secret) return send(200, { errcode: 40013, errmsg: 'invalid appid' });
        return void setTimeout(() => send(200, issue()), tokenDelay);
      }
      if (url.pathname === '/cgi-bin/message/subscribe/send' && req.method === 'POST') {
        const token = url.searchParams.get('access_token') ?? '';
        if (token !== fake.currentToken) return send(200, { errcode: 40001, errmsg: 'invalid credential, access_token is invalid or not latest' });
        if (req.headers['content-type'] !== 'application/json') fake.shapeErrors.push(`content-type ${String(req.headers['content-type'])}`);
        let body: ReceivedMessage['body'];
        try {
          body = JSON.parse(raw) as ReceivedMessage['body'];
        } catch {
          return send(200, { errcode: 47001, errmsg: 'data format error' });
        }
        const keys = Object.keys(body).sort().join(',');
        if (keys !== 'data,lang,miniprogram_state,page,template_id,touser') fake.shapeErrors.push(`body keys ${keys}`);
        for (const [k, v] of Object.entries(body.data ?? {})) {
          if (!KEYWORD.test(k) || typeof v?.value !== 'string' || Object.keys(v).length !== 1) fake.shapeErrors.push(`data.${k}`);
        }
        const next = fake.queue.shift() ?? 0;
        if (next === 'hang') return; // never answers: the client's timeout must fire
        if (next !== 0) return send(200, { errcode: next, errmsg: `fake error ${next}` });
        fake.received.push({ token, body, at: Date.now() });
        return send(200, { errcode: 0, errmsg: 'ok', msgid: fake.received.length });
      }
      send(404, { errcode: 404, errmsg: 'not found' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return fake;
}
