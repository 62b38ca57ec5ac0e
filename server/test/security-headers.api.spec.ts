// Security headers on every response: a CSP that allows this origin's scripts and the built
// page's own inline script (by hash), no framing, no sniffing, no referrer, HSTS only over https.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTestServer, testDbKind, type TestServer } from './harness';

describe(`security headers on ${testDbKind}`, () => {
  let server: TestServer;
  const inline = 'window.__rem = 1;';
  const webDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hotline-web-'));

  beforeAll(async () => {
    fs.writeFileSync(path.join(webDir, 'index.html'), `<!doctype html><html><head><script>${inline}</script><script src="/js/app.js"></script></head><body></body></html>`);
    server = await startTestServer({ HOTLINE_WEB_DIR: webDir, HOTLINE_TRUST_PROXY_HOPS: '1' });
  });
  afterAll(async () => {
    await server?.close();
    fs.rmSync(webDir, { recursive: true, force: true });
  });

  it('sends a CSP that runs the page’s own scripts only, and the other headers, on pages and API answers', async () => {
    const hash = createHash('sha256').update(inline).digest('base64');
    for (const route of ['/', '/api/health', '/api/no-such-route']) {
      const res = await server.request('GET', route);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain(`script-src 'self' 'sha256-${hash}'`);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).not.toContain('unsafe-eval');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(res.headers.get('strict-transport-security')).toBeNull();
    }
  });

  it('pins browsers to https only when the request came over https', async () => {
    const res = await server.request('GET', '/api/health', { headers: { 'x-forwarded-proto': 'https' } });
    expect(res.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
  });
});
