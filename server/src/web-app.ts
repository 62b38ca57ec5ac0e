// Serves the built H5 app at '/': the Brotli or gzip copy the build left beside each file when the
// browser accepts it, content-hashed files cached for a year, everything else revalidated on use.
import path from 'node:path';
import fastifyStatic, { type SetHeadersResponse } from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from './common/app-error';
import { toErrorBody } from './common/error-body';

// Webpack names them `js/[name].[contenthash:8].js`: a new build gives a new name.
const CONTENT_HASHED = /\.[0-9a-f]{8}\.(?:js|css)$|\/static\/.+\.[0-9a-f]{8}\.\w+$/;

// The path is the file sent: `…js.br` for the Brotli copy of `…js`.
function cacheControlFor(filePath: string): string {
  return CONTENT_HASHED.test(filePath.replace(/\\/g, '/').replace(/\.(?:br|gz)$/, ''))
    ? 'public, max-age=31536000, immutable'
    : // index.html, the service worker, the manifest and icons keep their names across builds.
      'no-cache';
}

function setWebHeaders(res: SetHeadersResponse, filePath: string) {
  res.setHeader('cache-control', cacheControlFor(filePath));
  // The same URL answers Brotli, gzip or plain bytes depending on Accept-Encoding.
  res.setHeader('vary', 'accept-encoding');
}

export async function serveWebApp(fastify: FastifyInstance, webDir: string) {
  await fastify.register(fastifyStatic, {
    root: webDir,
    prefix: '/',
    wildcard: false,
    preCompressed: true,
    cacheControl: false,
    setHeaders: setWebHeaders,
  });
  // Client-side routes of the H5 app get its index.html; /api paths keep the API's 404.
  fastify.get('/*', (req: FastifyRequest, reply: FastifyReply) => {
    const url = req.url.split('?')[0] ?? '/';
    if (url.startsWith('/api/') || path.extname(url)) {
      const { status, body } = toErrorBody(new AppError('ROUTE_NOT_FOUND', '接口不存在'), String(req.id));
      return reply.status(status).send(body);
    }
    return (reply as FastifyReply & { sendFile: (f: string) => FastifyReply }).sendFile('index.html');
  });
}
