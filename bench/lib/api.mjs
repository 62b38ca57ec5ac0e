// The built API started inside a bench's own process: demo mode in a fresh data folder, on a
// loopback port, so a bench measures the server a resident reaches over HTTP.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** `require` as the server resolves it (its dependencies live in server/node_modules). */
export const requireServer = createRequire(path.join(root, 'server', 'package.json'));
/**
 * A file of the built server: server/dist, or the folder under server/ that HOTLINE_BENCH_SERVER_DIST
 * names, e.g. an older build copied to server/dist-base, so `submit.bench.mjs --ab
 * HOTLINE_BENCH_SERVER_DIST=dist-base` compares two builds (it resolves the same node_modules).
 */
export const serverDist = (p) => path.join(root, 'server', process.env.HOTLINE_BENCH_SERVER_DIST ?? 'dist', p);

/** Starts the API; `env` is laid over the demo defaults. Answers the running app, its URL and data folder. */
export async function startDemoApi(name, env = {}) {
  requireServer('reflect-metadata');
  const { createApp } = requireServer(serverDist('bootstrap.js'));
  const { loadConfig } = requireServer(serverDist('config/config.js'));
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `hotline-bench-${name}-`));
  const config = loadConfig({
    ...process.env,
    HOTLINE_DATA_DIR: dataDir,
    HOTLINE_DEMO: '1',
    LOG_LEVEL: 'silent',
    PORT: '0',
    HOST: '127.0.0.1',
    ...env,
  });
  const running = await createApp(config);
  await running.app.listen({ port: 0, host: '127.0.0.1' });
  return { running, url: `http://127.0.0.1:${running.app.getHttpServer().address().port}`, dataDir };
}

/** A demo user's access token (demo mode's dev-login). */
export async function devLogin(url, role) {
  const login = await fetch(`${url}/api/auth/dev-login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ role }),
  });
  if (!login.ok) throw new Error(`dev-login as ${role} answered ${login.status}`);
  return (await login.json()).accessToken;
}

/**
 * A resident's filing (street light, category 010101) at a point inside one of the demo county's
 * villages, so it locates to a township and a village as a real filing would.
 */
export async function villageFilingBody(running) {
  const { pointInGeometry } = requireServer('@hotline/core');
  const villages = await running.database.db.selectFrom('areas').selectAll().where('kind', '=', 'village').execute();
  for (const v of villages) {
    const geometry = JSON.parse(v.geometry);
    const ring = geometry.type === 'Polygon' ? geometry.coordinates[0] : geometry.coordinates[0][0];
    const c = {
      lng: ring.reduce((s, p) => s + p[0], 0) / ring.length,
      lat: ring.reduce((s, p) => s + p[1], 0) / ring.length,
    };
    if (pointInGeometry(c, geometry)) {
      return JSON.stringify({
        demandType: 'complaint',
        categoryCode: '010101',
        description: '小区门口路灯连续一周不亮，晚上出行很不方便，请尽快修理',
        location: { lat: c.lat, lng: c.lng, coordinateSystem: 'wgs84', accuracyM: 15 },
        privacyConsentVersion: '2026-01',
      });
    }
  }
  throw new Error('no village centre lies inside its village');
}

/** Where benches create their scratch PostgreSQL databases. */
export const PG_ADMIN_URL = process.env.HOTLINE_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** A fresh, empty PostgreSQL database for one bench run: its URL and how to drop it afterwards. */
export async function scratchPgDatabase(name) {
  const pg = requireServer('pg');
  const database = `hotline_bench_${name}_${Date.now()}_${Math.random().toString(16).slice(2, 8)}`;
  const run = async (text) => {
    const client = new pg.Client({ connectionString: PG_ADMIN_URL });
    await client.connect();
    try {
      await client.query(text);
    } finally {
      await client.end();
    }
  };
  await run(`create database ${database}`);
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${database}`;
  return { url: url.toString(), drop: () => run(`drop database if exists ${database} with (force)`) };
}
