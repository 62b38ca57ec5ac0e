// Keys the server needs: the token-signing secret, the personal-data key (phone numbers are stored
// encrypted) and the audit key. Outside demo mode all three come from the environment (the data key
// may come from a file outside the data directory); configuration refuses to start without them.
// In demo mode a missing key is generated once and kept in <dataDir>/secrets.json (mode 0600) so
// restarts keep sessions and data readable.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { AppConfig } from './config';

export interface Secrets {
  tokenSecret: string;
  dataKey: Buffer;
  auditKey: string;
}

export const SECRETS = Symbol('SECRETS');

type StoredSecrets = Partial<Record<'tokenSecret' | 'dataKey' | 'auditKey', string>>;

export function loadSecrets(config: Pick<AppConfig, 'demo' | 'dataDir' | 'tokenSecret' | 'dataKey' | 'auditKey'>): Secrets {
  if (config.tokenSecret && config.dataKey && config.auditKey) {
    return { tokenSecret: config.tokenSecret, dataKey: config.dataKey, auditKey: config.auditKey };
  }
  if (!config.demo) throw new Error('secrets missing outside demo mode (configuration should have refused to start)');
  const file = path.join(config.dataDir, 'secrets.json');
  let stored: StoredSecrets = {};
  if (fs.existsSync(file)) stored = JSON.parse(fs.readFileSync(file, 'utf8')) as StoredSecrets;
  const complete: StoredSecrets = {
    tokenSecret: stored.tokenSecret ?? randomBytes(32).toString('base64url'),
    dataKey: stored.dataKey ?? randomBytes(32).toString('base64'),
    auditKey: stored.auditKey ?? randomBytes(32).toString('base64url'),
  };
  if (Object.keys(stored).length !== 3 || Object.values(stored).some((v) => !v)) {
    fs.mkdirSync(config.dataDir, { recursive: true });
    fs.writeFileSync(file, JSON.stringify(complete, null, 2), { mode: 0o600 });
  }
  return {
    tokenSecret: config.tokenSecret ?? complete.tokenSecret!,
    dataKey: config.dataKey ?? Buffer.from(complete.dataKey!, 'base64'),
    auditKey: config.auditKey ?? complete.auditKey!,
  };
}
