// Keys the server needs: the token-signing secret and the personal-data key (phone numbers are
// stored encrypted). Taken from the environment; on a single machine without them they are
// generated once and kept in <dataDir>/secrets.json (mode 0600) so restarts keep sessions and data
// readable. Several API instances must share them through the environment.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface Secrets {
  tokenSecret: string;
  dataKey: Buffer;
}

export function loadSecrets(dataDir: string, env: NodeJS.ProcessEnv = process.env): Secrets {
  const file = path.join(dataDir, 'secrets.json');
  let stored: { tokenSecret?: string; dataKey?: string } = {};
  if (fs.existsSync(file)) stored = JSON.parse(fs.readFileSync(file, 'utf8')) as typeof stored;
  const needsFile = (!env.HOTLINE_TOKEN_SECRET && !stored.tokenSecret) || (!env.HOTLINE_DATA_KEY && !stored.dataKey);
  if (needsFile) {
    stored = {
      tokenSecret: stored.tokenSecret ?? randomBytes(32).toString('base64url'),
      dataKey: stored.dataKey ?? randomBytes(32).toString('base64'),
    };
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(file, JSON.stringify(stored, null, 2), { mode: 0o600 });
  }
  const dataKey = Buffer.from(env.HOTLINE_DATA_KEY ?? stored.dataKey ?? '', 'base64');
  if (dataKey.length !== 32) throw new Error('HOTLINE_DATA_KEY: must be 32 bytes, base64-encoded');
  return { tokenSecret: env.HOTLINE_TOKEN_SECRET ?? stored.tokenSecret ?? '', dataKey };
}
