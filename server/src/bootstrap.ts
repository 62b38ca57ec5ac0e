// Assembles a running API: database opened and migrated, demo county seeded when asked,
// Nest on Fastify with one error shape everywhere, the H5 app served at '/'.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import fastifyMultipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { AppModule } from './app.module';
import { AppError } from './common/app-error';
import { requestLogValue } from './common/log-redaction';
import { registerSecurityHeaders } from './common/security-headers';
import { PinoNestLogger } from './common/pino-logger';
import type { AppConfig } from './config/config';
import { loadSecrets } from './config/secrets';
import { openDatabase, type Database } from './database/database';
import { migrateToLatest } from './database/migrator';
import { PhoneVault } from './privacy/phone-vault';
import { seedDemoCountyIfEmpty, type SeedReport } from './seed/seed';
import { serveWebApp } from './web-app';

export interface RunningApp {
  app: NestFastifyApplication;
  database: Database;
  seed: SeedReport | null;
}

const REQUEST_ID = /^[\w.:-]{1,64}$/;

/** Migrations run as the tables' owner when one is configured, else on the app's own connection. */
async function migrateAsOwner(config: AppConfig, database: Database): Promise<void> {
  if (!config.migrationDatabaseUrl) {
    await migrateToLatest(database.db as never);
    return;
  }
  const owner = openDatabase({ database: { kind: 'postgres', url: config.migrationDatabaseUrl } });
  try {
    await migrateToLatest(owner.db as never);
  } finally {
    await owner.close();
  }
}

export async function createApp(config: AppConfig): Promise<RunningApp> {
  const logger = pino({ level: config.logLevel, base: { service: 'hotline-api' }, serializers: { req: requestLogValue } });
  const database = openDatabase(config, {
    walCheckpointer: config.sqliteCheckpointWorker,
    onCheckpointError: (message) => logger.warn({ message }, 'WAL checkpoint worker failed; SQLite autocheckpoint continues'),
  });
  const secrets = loadSecrets(config);
  if (config.migrateOnStart) await migrateAsOwner(config, database);
  const seed = config.demo
    ? await seedDemoCountyIfEmpty(database.db, config.seedDir, new PhoneVault(secrets.dataKey))
    : null;

  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    // A caller's own request id is kept (so a trace can cross systems); otherwise we make one.
    genReqId: (req: { headers: Record<string, string | string[] | undefined> }) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    bodyLimit: 1024 * 1024,
    // Open311 clients expect the spec's root (/open311/v2); it is served by the API's own routes.
    rewriteUrl: (req: { url?: string }) => (req.url?.startsWith('/open311/') ? `/api${req.url}` : (req.url ?? '/')),
    // Per-IP limits need the client's address, which a reverse proxy puts in X-Forwarded-For.
    ...(config.trustProxyHops > 0 ? { trustProxy: config.trustProxyHops } : {}),
    // Keep-alive clients must not hold a shutdown open.
    forceCloseConnections: true,
    // Requests Node's HTTP parser refuses (e.g. raw non-ASCII in the URL) still get our error shape.
    clientErrorHandler: (error: Error & { code?: string }, socket: import('node:net').Socket) => {
      if (!socket.writable) return;
      const body = JSON.stringify({
        code: 'MALFORMED_REQUEST',
        message: '请求格式有误（网址中的中文等字符需要编码）',
        requestId: randomUUID(),
      });
      const status = error.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request';
      socket.end(
        `HTTP/1.1 ${status}\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
      );
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.create(config, database, secrets), adapter, {
    logger: new PinoNestLogger(logger),
    bodyParser: false,
  });
  app.setGlobalPrefix('api');
  app.enableShutdownHooks();

  const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
  // Set as the request arrives (a synchronous hook; an async onSend hook cost a promise per
  // response): every answer carries it, errors and 404s included.
  fastify.addHook('onRequest', (req, reply, done) => {
    void reply.header('x-request-id', req.id);
    done();
  });
  registerSecurityHeaders(fastify, config.webDir);
  // The API speaks JSON only (multipart uploads register their own parser). A body that is not
  // JSON fails with our own code; any other content type gets Fastify's 415.
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    if (body === '') return done(null, undefined);
    try {
      done(null, JSON.parse(body as string));
    } catch {
      done(new AppError('MALFORMED_BODY', '请求体不是有效的 JSON'), undefined);
    }
  });

  // Open311 posts a form (its spec predates JSON bodies); only its routes accept one.
  fastify.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (req, body, done) => {
    if (!req.url.startsWith('/api/open311/')) return done(new AppError('UNSUPPORTED_MEDIA_TYPE', '不支持的内容类型'), undefined);
    done(null, new URLSearchParams(body as string));
  });

  // Photo uploads (POST /api/media): one file per request; the media service enforces the rest.
  await fastify.register(fastifyMultipart, { limits: { fileSize: 10 * 1024 * 1024, files: 1, fields: 5, parts: 6 } });

  const swaggerDir = path.dirname(require.resolve('swagger-ui-dist/package.json'));
  await fastify.register(fastifyStatic, { root: swaggerDir, prefix: '/api/docs/assets/', decorateReply: false });

  if (fs.existsSync(path.join(config.webDir, 'index.html'))) await serveWebApp(fastify, config.webDir);

  await app.init();
  new Logger('Bootstrap').log(`database ${database.kind}${seed?.seeded ? ', demo county seeded' : ''}`);
  return { app, database, seed };
}
