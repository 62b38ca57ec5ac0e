// Shared harness of the security suite: the built server started as a real process with exactly the
// environment a test gives it (nothing inherited but PATH), and a valid non-demo environment to vary.
import { spawn } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../e2e/support.mjs';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const serverMain = path.join(repoRoot, 'server/dist/main.js');

export function tempDir(prefix = 'hotline-sec-') {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A fresh P-256 pair in the encoding web-push and VAPID_* use (public: 65 bytes uncompressed). */
export function vapidKeys() {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const jwk = privateKey.export({ format: 'jwk' });
  const publicKey = Buffer.concat([Buffer.from([4]), Buffer.from(jwk.x, 'base64url'), Buffer.from(jwk.y, 'base64url')]);
  return { publicKey: publicKey.toString('base64url'), privateKey: jwk.d };
}

/** Everything a server outside demo mode needs, development SMS switch included. */
export function validProductionEnv(dataDir) {
  const vapid = vapidKeys();
  return {
    HOTLINE_DATA_DIR: dataDir,
    HOTLINE_TOKEN_SECRET: randomBytes(32).toString('base64url'),
    HOTLINE_DATA_KEY: randomBytes(32).toString('base64'),
    HOTLINE_AUDIT_KEY: randomBytes(32).toString('base64url'),
    HOTLINE_SMS_LOG: '1',
    VAPID_PUBLIC_KEY: vapid.publicKey,
    VAPID_PRIVATE_KEY: vapid.privateKey,
    VAPID_SUBJECT: 'mailto:ops@hotline.test',
    HOTLINE_SCHEDULER_INTERVAL_MS: '0',
    LOG_LEVEL: 'warn',
  };
}

/**
 * Starts server/dist/main.js with `env` only. Resolves { exited: code, output } if the process ends
 * on its own, or { url, output, stop } once it prints its address.
 */
export async function runServer(env, { timeoutMs = 60_000, script = serverMain } = {}) {
  if (!fs.existsSync(serverMain)) throw new Error('server/dist/main.js is missing: run `npm run build -w @hotline/server` first');
  const port = await freePort();
  const child = spawn(process.execPath, [script], {
    cwd: repoRoot,
    env: Object.fromEntries(
      Object.entries({ PATH: process.env.PATH, HOST: '127.0.0.1', PORT: String(port), ...env }).filter(([, v]) => v !== undefined),
    ),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const output = () => ({ stdout, stderr });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server neither started nor exited within ${timeoutMs / 1000} s:\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      if (stdout.includes(`http://localhost:${port}`)) {
        clearTimeout(timer);
        resolve({
          url: `http://127.0.0.1:${port}`,
          output,
          stop: () =>
            new Promise((done) => {
              child.once('exit', done);
              child.kill('SIGTERM');
            }),
        });
      }
    });
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ exited: code, output });
    });
  });
}
