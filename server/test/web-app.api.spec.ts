// The H5 app as a phone receives it: the build's Brotli/gzip copies sent with the right headers,
// hashed files cached for a year, the page and the service worker always revalidated.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { startTestServer, testDbKind, type TestServer } from './harness';

const precompress = path.resolve(__dirname, '../../apps/client/scripts/precompress.mjs');
const vendorJs = `/* vendor */ ${'export const words = ["我要反映", "工作人员入口"];\n'.repeat(400)}`;

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** GET without any automatic decoding, so the test sees the bytes on the wire. */
function rawGet(url: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      })
      .on('error', reject);
  });
}

describe(`the H5 app served by the API on ${testDbKind}`, () => {
  let server: TestServer;
  let webDir: string;
  beforeAll(async () => {
    webDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hotline-web-'));
    fs.mkdirSync(path.join(webDir, 'js'));
    fs.mkdirSync(path.join(webDir, 'icons'));
    fs.writeFileSync(
      path.join(webDir, 'index.html'),
      `<!doctype html><html><head><script defer src="/js/831.4be552f7.js"></script></head><body>${'<div id="app"></div>'.repeat(20)}</body></html>`,
    );
    fs.writeFileSync(path.join(webDir, 'js/831.4be552f7.js'), vendorJs);
    fs.writeFileSync(path.join(webDir, 'sw.js'), `self.addEventListener('fetch', () => {});\n`.repeat(30));
    fs.writeFileSync(path.join(webDir, 'icons/icon-192.png'), Buffer.from('89504e470d0a1a0a', 'hex'));
    execFileSync(process.execPath, [precompress, webDir], { stdio: 'pipe' });
    server = await startTestServer({ HOTLINE_WEB_DIR: webDir });
  });
  afterAll(async () => {
    await server?.close();
    fs.rmSync(webDir, { recursive: true, force: true });
  });

  it('sends a hashed script as Brotli to a browser that accepts it, cached for a year', async () => {
    const res = await rawGet(`${server.url}/js/831.4be552f7.js`, { 'accept-encoding': 'gzip, deflate, br' });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.headers.vary).toMatch(/accept-encoding/i);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.body.length).toBeLessThan(vendorJs.length / 10);
    expect(zlib.brotliDecompressSync(res.body).toString()).toBe(vendorJs);
  });

  it('sends gzip to a browser without Brotli and plain bytes to one that accepts neither', async () => {
    const gz = await rawGet(`${server.url}/js/831.4be552f7.js`, { 'accept-encoding': 'gzip, deflate' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(gz.body).toString()).toBe(vendorJs);
    const plain = await rawGet(`${server.url}/js/831.4be552f7.js`);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(vendorJs);
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('makes the browser revalidate the page, the service worker and unhashed files', async () => {
    for (const route of ['/', '/index.html', '/pages/cases/index', '/sw.js', '/icons/icon-192.png']) {
      const res = await rawGet(`${server.url}${route}`, { 'accept-encoding': 'br' });
      expect([route, res.status, res.headers['cache-control']]).toEqual([route, 200, 'no-cache']);
    }
    const page = await rawGet(`${server.url}/pages/cases/index`, { 'accept-encoding': 'br' });
    expect(page.headers['content-encoding']).toBe('br');
    expect(zlib.brotliDecompressSync(page.body).toString()).toContain('/js/831.4be552f7.js');
    // An image compresses no further: it goes as it is.
    const icon = await rawGet(`${server.url}/icons/icon-192.png`, { 'accept-encoding': 'br, gzip' });
    expect(icon.headers['content-encoding']).toBeUndefined();
  });

  it('answers a revalidation of an unchanged page with 304', async () => {
    const first = await rawGet(`${server.url}/index.html`, { 'accept-encoding': 'br' });
    const again = await rawGet(`${server.url}/index.html`, {
      'accept-encoding': 'br',
      'if-none-match': String(first.headers.etag),
    });
    expect(again.status).toBe(304);
  });

  it('keeps the API error shape for missing assets and unknown API routes', async () => {
    const asset = await rawGet(`${server.url}/js/missing.12345678.js`, { 'accept-encoding': 'br' });
    expect(asset.status).toBe(404);
    const api = await server.request('GET', '/api/nothing-here');
    expect(api.status).toBe(404);
    expect(api.body.code).toBe('ROUTE_NOT_FOUND');
  });
});
