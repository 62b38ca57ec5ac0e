// A fake Web Push service on loopback: accepts RFC 8030 pushes, checks the VAPID Authorization
// header (RFC 8292, ES256 JWT whose audience is this origin) and the aes128gcm payload headers,
// and can answer 410 Gone for a subscription the browser dropped.
import { createPublicKey, verify } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedPush {
  path: string;
  headers: http.IncomingHttpHeaders;
  bodyLength: number;
  jwt: { aud: string; sub: string; exp: number };
}

export interface FakePushService {
  origin: string;
  endpoint(name: string): string;
  received: ReceivedPush[];
  problems: string[];
  gone: Set<string>;
  close(): Promise<void>;
}

export async function startFakePushService(vapidPublicKey: () => string): Promise<FakePushService> {
  const fake: FakePushService = { origin: '', endpoint: (n) => `${fake.origin}/push/${n}`, received: [], problems: [], gone: new Set(), close: async () => undefined };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '/';
      const name = path.replace('/push/', '');
      if (fake.gone.has(name)) {
        res.writeHead(410);
        return res.end('gone');
      }
      const body = Buffer.concat(chunks);
      const problems: string[] = [];
      const auth = String(req.headers.authorization ?? '');
      const m = /^vapid t=([\w-]+\.[\w-]+\.[\w-]+), k=([\w-]+)$/.exec(auth);
      let jwt = { aud: '', sub: '', exp: 0 };
      if (!m) problems.push(`authorization ${auth}`);
      else {
        const [token, key] = [m[1]!, m[2]!];
        if (key !== vapidPublicKey()) problems.push('k is not our VAPID public key');
        const [h, p, s] = token.split('.') as [string, string, string];
        jwt = JSON.parse(Buffer.from(p, 'base64url').toString()) as typeof jwt;
        const raw = Buffer.from(key, 'base64url');
        const pub = createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: raw.subarray(1, 33).toString('base64url'), y: raw.subarray(33, 65).toString('base64url') }, format: 'jwk' });
        if (!verify('sha256', Buffer.from(`${h}.${p}`), { key: pub, dsaEncoding: 'ieee-p1363' }, Buffer.from(s, 'base64url'))) problems.push('bad VAPID signature');
        if (jwt.aud !== fake.origin) problems.push(`aud ${jwt.aud}`);
        if (jwt.exp * 1000 < Date.now()) problems.push('expired JWT');
      }
      if (req.headers['content-encoding'] !== 'aes128gcm') problems.push(`content-encoding ${String(req.headers['content-encoding'])}`);
      if (!req.headers.ttl) problems.push('no TTL');
      if (req.headers['content-type'] !== 'application/octet-stream') problems.push(`content-type ${String(req.headers['content-type'])}`);
      if (body.length < 86) problems.push(`body too short for aes128gcm (${body.length})`);
      fake.problems.push(...problems);
      fake.received.push({ path, headers: req.headers, bodyLength: body.length, jwt });
      res.writeHead(problems.length ? 400 : 201);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return fake;
}
