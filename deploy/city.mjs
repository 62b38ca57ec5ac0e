// `npm run city`: the city set-up on one machine — PostgreSQL (DATABASE_URL, or a database
// `hotline_city` created on 127.0.0.1), photos in S3 (HOTLINE_S3_* from the environment, or a local
// s3rver), two API instances (server/dist) sharing their secrets from the environment, and nginx
// in front (deploy/nginx/hotline.conf with the ports filled in). Ctrl-C stops everything.
// The proof test (tests/city/two-instances.test.mjs) starts the same set-up through startCity().
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serverProcessEnv } from '../scripts/server-env.mjs';
import webpush from 'web-push';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const serverMain = path.join(repoRoot, 'server/dist/main.js');

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function waitFor(url, ms = 60_000) {
  const started = Date.now();
  while (Date.now() - started < ms) {
    try {
      const res = await fetch(url);
      if (res.status < 500) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not answer within ${ms / 1000} s`);
}

/**
 * Secrets every instance shares: from the environment, else made up for this run (demo only).
 * The Web Push pair too: a browser subscribes with one instance's public key and any instance's
 * worker sends, so a pair generated per data folder would not do.
 */
export function sharedSecrets(env = process.env) {
  const vapid = env.VAPID_PUBLIC_KEY && env.VAPID_PRIVATE_KEY ? null : webpush.generateVAPIDKeys();
  return {
    HOTLINE_TOKEN_SECRET: env.HOTLINE_TOKEN_SECRET ?? randomBytes(32).toString('base64url'),
    HOTLINE_DATA_KEY: env.HOTLINE_DATA_KEY ?? randomBytes(32).toString('base64'),
    HOTLINE_AUDIT_KEY: env.HOTLINE_AUDIT_KEY ?? randomBytes(32).toString('base64url'),
    VAPID_PUBLIC_KEY: env.VAPID_PUBLIC_KEY ?? vapid.publicKey,
    VAPID_PRIVATE_KEY: env.VAPID_PRIVATE_KEY ?? vapid.privateKey,
    VAPID_SUBJECT: env.VAPID_SUBJECT ?? 'mailto:ops@hotline.invalid',
  };
}

/** One API instance as a child process; `kill()` is SIGKILL, `stop()` a graceful SIGTERM. */
export async function startInstance(name, env, { port, workDir }) {
  const dataDir = path.join(workDir, name);
  fs.mkdirSync(dataDir, { recursive: true });
  const child = spawn(process.execPath, [serverMain], {
    cwd: repoRoot,
    env: serverProcessEnv({
      PATH: process.env.PATH,
      HOST: '127.0.0.1',
      PORT: String(port),
      HOTLINE_DATA_DIR: dataDir,
      HOTLINE_AUDIT_CHECKPOINT_PATH: path.join(dataDir, 'audit-checkpoints.jsonl'),
      HOTLINE_TRUST_PROXY_HOPS: '1',
      LOG_LEVEL: 'warn',
      ...env,
    }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (c) => (output += c));
  child.stderr.on('data', (c) => (output += c));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const url = `http://127.0.0.1:${port}`;
  await Promise.race([
    waitFor(`${url}/api/health`),
    exited.then((code) => {
      throw new Error(`${name} exited with ${code}:\n${output}`);
    }),
  ]);
  return {
    name,
    url,
    port,
    output: () => output,
    kill: () => {
      child.kill('SIGKILL');
      return exited;
    },
    stop: () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

export async function startNginx(upstreamPorts, { port, workDir }) {
  const prefix = path.join(workDir, 'nginx');
  fs.mkdirSync(path.join(prefix, 'logs'), { recursive: true });
  const site = fs
    .readFileSync(path.join(repoRoot, 'deploy/nginx/hotline.conf'), 'utf8')
    .replace(/^\s*server 127\.0\.0\.1:\d+ max_fails.*\n/gm, '')
    .replace(/keepalive 32;/, `${upstreamPorts.map((p) => `server 127.0.0.1:${p} max_fails=1 fail_timeout=2s;`).join('\n    ')}\n    keepalive 32;`)
    .replace(/listen 8080;/, `listen 127.0.0.1:${port};`);
  fs.writeFileSync(path.join(prefix, 'hotline.conf'), site);
  // A whole nginx.conf around the site file, everything under the prefix (no root needed).
  const user = process.getuid?.() === 0 ? 'user root;\n' : '';
  fs.writeFileSync(
    path.join(prefix, 'nginx.conf'),
    `${user}worker_processes 1;\npid ${prefix}/nginx.pid;\nerror_log ${prefix}/logs/error.log warn;\nevents { worker_connections 4096; }\n` +
      `http {\n  access_log off;\n  client_body_temp_path ${prefix}/body;\n  proxy_temp_path ${prefix}/proxy;\n` +
      `  fastcgi_temp_path ${prefix}/fastcgi;\n  uwsgi_temp_path ${prefix}/uwsgi;\n  scgi_temp_path ${prefix}/scgi;\n` +
      `  include /etc/nginx/mime.types;\n  include ${prefix}/hotline.conf;\n}\n`,
  );
  const child = spawn('nginx', ['-p', prefix, '-c', path.join(prefix, 'nginx.conf'), '-g', 'daemon off;'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr.on('data', (c) => (output += c));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const url = `http://127.0.0.1:${port}`;
  await Promise.race([
    waitFor(`${url}/api/health`),
    exited.then((code) => {
      throw new Error(`nginx exited with ${code}:\n${output}`);
    }),
  ]);
  return {
    url,
    stop: () => {
      child.kill('SIGQUIT');
      return exited;
    },
  };
}

/** A local S3 server (s3rver) with one bucket; returns the HOTLINE_S3_* environment for it. */
export async function startLocalS3(workDir, bucket = 'hotline-photos') {
  const { default: S3rver } = await import('s3rver');
  const directory = path.join(workDir, 's3');
  const server = new S3rver({ address: '127.0.0.1', port: 0, directory, silent: true, configureBuckets: [{ name: bucket }] });
  const { port } = await server.run();
  return {
    env: {
      HOTLINE_S3_BUCKET: bucket,
      HOTLINE_S3_ENDPOINT: `http://127.0.0.1:${port}`,
      HOTLINE_S3_FORCE_PATH_STYLE: '1',
      HOTLINE_S3_ACCESS_KEY_ID: 'S3RVER',
      HOTLINE_S3_SECRET_ACCESS_KEY: 'S3RVER',
    },
    stop: () => server.close(),
  };
}

/**
 * Starts the whole set-up. Instances start one after the other, so only the first migrates and
 * seeds an empty database.
 */
export async function startCity({ databaseUrl, instances = 2, env = {}, nginxPort, workDir } = {}) {
  workDir ??= fs.mkdtempSync(path.join(os.tmpdir(), 'hotline-city-'));
  const s3 = env.HOTLINE_S3_BUCKET ? null : await startLocalS3(workDir);
  const common = { DATABASE_URL: databaseUrl, ...sharedSecrets(env), ...(s3?.env ?? {}), ...env };
  const apis = [];
  for (let i = 0; i < instances; i++) {
    apis.push(await startInstance(`api-${String.fromCharCode(97 + i)}`, common, { port: await freePort(), workDir }));
  }
  const nginx = await startNginx(
    apis.map((a) => a.port),
    { port: nginxPort ?? (await freePort()), workDir },
  );
  return {
    url: nginx.url,
    apis,
    nginx,
    workDir,
    async stop() {
      await nginx.stop();
      await Promise.all(apis.map((a) => a.stop()));
      await s3?.stop();
    },
  };
}

async function main() {
  let databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    databaseUrl = 'postgres://postgres@127.0.0.1:5432/hotline_city';
    spawnSync('createdb', ['-h', '127.0.0.1', '-U', 'postgres', 'hotline_city'], { stdio: 'ignore' });
  }
  const demo = process.env.HOTLINE_DEMO ?? '1';
  const city = await startCity({
    databaseUrl,
    nginxPort: Number(process.env.HOTLINE_CITY_PORT ?? 8080),
    env: { HOTLINE_DEMO: demo, ...Object.fromEntries(Object.entries(process.env).filter(([k]) => /^(HOTLINE_|SMS_|WECHAT_|VAPID_|NODE_ENV)/.test(k))) },
  });
  process.stdout.write(
    `Hotline city set-up: ${city.url} (nginx) → ${city.apis.map((a) => `${a.name} ${a.url}`).join(', ')}\n` +
      `database ${databaseUrl}; work directory ${city.workDir}. Ctrl-C stops everything.\n`,
  );
  const stop = async () => {
    await city.stop();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
