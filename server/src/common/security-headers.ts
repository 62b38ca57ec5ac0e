// Security headers on every response (helmet): a Content-Security-Policy the H5 app and
// the API docs pass (scripts only from this origin, plus the hashes of the inline scripts the
// built index.html carries), no framing, no MIME sniffing, no referrer, and HSTS when the request
// came over https (directly or through a proxy we trust).
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet, { type HelmetOptions } from 'helmet';
import type { FastifyInstance } from 'fastify';

const HSTS = 'max-age=31536000; includeSubDomains';

/** 'sha256-…' sources for each inline <script> of the built page, so it runs under the CSP. */
export function inlineScriptHashes(indexHtml: string): string[] {
  let html: string;
  try {
    html = fs.readFileSync(indexHtml, 'utf8');
  } catch {
    return [];
  }
  return [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/gi)]
    .map((m) => m[1] ?? '')
    .filter((body) => body.length > 0)
    .map((body) => `'sha256-${createHash('sha256').update(body, 'utf8').digest('base64')}'`);
}

export function registerSecurityHeaders(fastify: FastifyInstance, webDir: string): void {
  const headers = helmetHeaders({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", ...inlineScriptHashes(path.join(webDir, 'index.html'))],
        // Taro and NutUI set inline styles; styles cannot run code.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        // The H5 uploader reads a picked photo back from its blob: URL before sending it.
        connectSrc: ["'self'", 'blob:', 'data:'],
        workerSrc: ["'self'"],
        manifestSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    referrerPolicy: { policy: 'no-referrer' },
    // Added per request below: only a request that arrived over https may pin the browser to it.
    strictTransportSecurity: false,
    crossOriginEmbedderPolicy: false,
  });
  const overHttps = { ...headers, 'strict-transport-security': HSTS };
  fastify.addHook('onRequest', (req, reply, done) => {
    void reply.headers(req.protocol === 'https' ? overHttps : headers);
    done();
  });
}

/**
 * The headers helmet's middleware sets, taken once at start-up: with options that name no
 * function they are the same on every response. Running the middleware (with its eleven
 * sub-middlewares) on each request was ~3 % of a filing's CPU.
 */
function helmetHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader: (name: string, value: unknown) => {
      headers[name.toLowerCase()] = String(value);
    },
    removeHeader: (name: string) => {
      delete headers[name.toLowerCase()];
    },
  };
  // helmet's middleware is synchronous and never fails (bad options throw when it is built).
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, () => undefined);
  return headers;
}
