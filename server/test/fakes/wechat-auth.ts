// A fake WeChat API on loopback for sign-in: jscode2session, stable_token and
// getuserphonenumber, with WeChat's error codes. Codes name what they answer:
// 'ok-<openid>' signs in, 'union-<openid>' adds a unionid, 'err-<errcode>' fails.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeWechat {
  url: string;
  appId: string;
  appSecret: string;
  tokenRequests: number;
  /** getPhoneNumber codes → phone numbers. */
  phones: Map<string, string>;
  /** Makes the current access token invalid (as if it expired early at WeChat). */
  expireToken(): void;
  close(): Promise<void>;
}

export async function startFakeWechat(): Promise<FakeWechat> {
  const state = { tokenRequests: 0, tokenSerial: 0, phones: new Map<string, string>() };
  const appId = 'wx-fake-app';
  const appSecret = 'fake-secret';
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const send = (payload: unknown) => {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify(payload));
      };
      if (url.pathname === '/sns/jscode2session') {
        if (url.searchParams.get('appid') !== appId || url.searchParams.get('secret') !== appSecret) return send({ errcode: 40125, errmsg: 'invalid appsecret' });
        if (url.searchParams.get('grant_type') !== 'authorization_code') return send({ errcode: 40002, errmsg: 'invalid grant_type' });
        const code = url.searchParams.get('js_code') ?? '';
        const err = /^err-(-?\d+)$/.exec(code);
        if (err) return send({ errcode: Number(err[1]), errmsg: 'fake error' });
        const ok = /^(ok|union)-(\w+)$/.exec(code);
        if (!ok) return send({ errcode: 40029, errmsg: 'invalid code' });
        return send({ openid: `openid-${ok[2]}`, session_key: 'k', ...(ok[1] === 'union' ? { unionid: `union-${ok[2]}` } : {}) });
      }
      if (url.pathname === '/cgi-bin/stable_token' && req.method === 'POST') {
        const input = JSON.parse(body || '{}') as { appid?: string; secret?: string; grant_type?: string };
        if (input.appid !== appId || input.secret !== appSecret || input.grant_type !== 'client_credential') return send({ errcode: 40013, errmsg: 'invalid appid' });
        state.tokenRequests++;
        state.tokenSerial++;
        // A slow answer, so concurrent callers overlap.
        setTimeout(() => send({ access_token: `token-${state.tokenSerial}`, expires_in: 7200 }), 50);
        return;
      }
      if (url.pathname === '/wxa/business/getuserphonenumber' && req.method === 'POST') {
        if (url.searchParams.get('access_token') !== `token-${state.tokenSerial}`) return send({ errcode: 40001, errmsg: 'invalid credential, access_token is invalid or not latest' });
        const { code } = JSON.parse(body || '{}') as { code?: string };
        const phone = code ? state.phones.get(code) : undefined;
        if (!phone) return send({ errcode: 40029, errmsg: 'invalid code' });
        return send({ errcode: 0, errmsg: 'ok', phone_info: { phoneNumber: phone, purePhoneNumber: phone, countryCode: '86', watermark: { appid: appId, timestamp: 0 } } });
      }
      res.statusCode = 404;
      send({ errcode: 404, errmsg: 'not found' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    appId,
    appSecret,
    get tokenRequests() {
      return state.tokenRequests;
    },
    phones: state.phones,
    expireToken() {
      state.tokenSerial++;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
