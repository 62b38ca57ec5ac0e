// Starts a real API server on a free loopback port for one test file, on the database that
// HOTLINE_TEST_DB names (sqlite by default; postgres creates a fresh database and drops it after).
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import webpush from 'web-push';
import { AccountsRepository } from '../src/auth/accounts.repository';
import { SessionsService } from '../src/auth/sessions.service';
import { createApp, type RunningApp } from '../src/bootstrap';
import { loadConfig } from '../src/config/config';

export const testDbKind = (process.env.HOTLINE_TEST_DB ?? 'sqlite') as 'sqlite' | 'postgres';
const pgAdminUrl = process.env.HOTLINE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestServer extends RunningApp {
  url: string;
  dataDir: string;
  databaseUrl: string | null;
  /** fetch against the server, JSON in and out. */
  request(
    method: string,
    path: string,
    options?: { body?: unknown; token?: string; headers?: Record<string, string>; raw?: string },
  ): Promise<TestResponse>;
  close(): Promise<void>;
}

export interface TestResponse {
  status: number;
  headers: Headers;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  text: string;
}

export async function createPgDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `hotline_test_${Date.now()}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: pgAdminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(pgAdminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: pgAdminUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

/** What a server outside demo mode must be given (see config/production-check.ts); fresh per call. */
export function nonDemoEnv(): Record<string, string> {
  const vapid = webpush.generateVAPIDKeys();
  return {
    HOTLINE_DEMO: '0',
    HOTLINE_TOKEN_SECRET: randomBytes(32).toString('base64url'),
    HOTLINE_DATA_KEY: randomBytes(32).toString('base64'),
    HOTLINE_AUDIT_KEY: randomBytes(32).toString('base64url'),
    HOTLINE_SMS_LOG: '1',
    VAPID_PUBLIC_KEY: vapid.publicKey,
    VAPID_PRIVATE_KEY: vapid.privateKey,
    VAPID_SUBJECT: 'mailto:ops@hotline.test',
  };
}

export async function startTestServer(env: Record<string, string> = {}): Promise<TestServer> {
  if (env.HOTLINE_DEMO === '0') env = { ...nonDemoEnv(), ...env };
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hotline-test-'));
  const pgDb = testDbKind === 'postgres' ? await createPgDatabase() : null;
  const config = loadConfig({
    HOTLINE_DATA_DIR: dataDir,
    HOTLINE_DEMO: '1',
    LOG_LEVEL: 'silent',
    PORT: '0',
    // Tests drive the scheduler with tick(now); a background loop would race them.
    HOTLINE_SCHEDULER_INTERVAL_MS: '0',
    HOST: '127.0.0.1',
    ...(pgDb ? { DATABASE_URL: pgDb.url } : {}),
    ...env,
  });
  const running = await createApp(config);
  await running.app.listen({ port: 0, host: '127.0.0.1' });
  const address = running.app.getHttpServer().address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return {
    ...running,
    url,
    dataDir,
    databaseUrl: pgDb?.url ?? null,
    async request(method, route, options = {}) {
      const headers: Record<string, string> = { ...(options.headers ?? {}) };
      if (options.token) headers.authorization = `Bearer ${options.token}`;
      let body: string | undefined = options.raw;
      if (options.body !== undefined) {
        body = JSON.stringify(options.body);
        headers['content-type'] ??= 'application/json';
      }
      const res = await fetch(url + route, { method, headers, body });
      const text = await res.text();
      let parsed: unknown = undefined;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        parsed = undefined;
      }
      return { status: res.status, headers: res.headers, body: parsed, text };
    },
    async close() {
      await running.app.close();
      await pgDb?.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** An access token of a real session for a principal (what signing in gives that person). */
export async function sessionToken(server: TestServer, principal: { userId: string }): Promise<string> {
  const account = await server.app.get(AccountsRepository).findById(principal.userId);
  if (!account) throw new Error(`no account ${principal.userId}`);
  return (await server.app.get(SessionsService).start(account)).accessToken;
}

export async function devLogin(server: TestServer, role: string, unitCode?: string): Promise<string> {
  const res = await server.request('POST', '/api/auth/dev-login', {
    body: { role, ...(unitCode ? { unitCode } : {}) },
  });
  if (res.status !== 200) throw new Error(`dev-login ${role} failed: ${res.status} ${res.text}`);
  return res.body.accessToken as string;
}

/** The live stream's URL as a browser opens it: a fresh one-time ticket, no access token. */
export async function streamUrl(server: TestServer, token: string, lastEventId?: number): Promise<string> {
  const res = await server.request('POST', '/api/me/events/tickets', { token });
  if (res.status !== 201) throw new Error(`stream ticket refused: ${res.status} ${res.text}`);
  const query = new URLSearchParams({ ticket: res.body.ticket as string });
  if (lastEventId !== undefined) query.set('lastEventId', String(lastEventId));
  return `${server.url}/api/me/events?${query}`;
}

/** An inbox item as the tests read it. */
export interface InboxItem {
  kind: string;
  title: string;
  body: string;
  link: string;
  caseId: string | null;
}

/** The items of one kind in a person's inbox (the newest 100). */
export async function inboxItemsOf(server: TestServer, token: string, kind: string): Promise<InboxItem[]> {
  const res = await server.request('GET', '/api/me/inbox?limit=100', { token });
  if (res.status !== 200) throw new Error(`GET /api/me/inbox answered ${res.status}`);
  return (res.body.items as InboxItem[]).filter((i) => i.kind === kind);
}
