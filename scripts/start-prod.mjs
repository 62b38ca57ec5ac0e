// `npm run start:prod`: runs the built API without demo mode under NODE_ENV=production. Settings
// come from the environment; a `.env` file in the repository root (or the file HOTLINE_ENV_FILE
// names; see .env.example) is read first when present, and variables already set win. The server itself
// refuses to start, naming each variable, when a secret or gateway is missing.
import { spawn } from 'node:child_process';
import { serverProcessEnv } from './server-env.mjs';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const envFile = process.env.HOTLINE_ENV_FILE ?? path.join(root, '.env');
if (fs.existsSync(envFile)) process.loadEnvFile(envFile);
const env = serverProcessEnv({ ...process.env, NODE_ENV: 'production' });
const child = spawn(process.execPath, [path.join(root, 'server/dist/main.js')], { stdio: 'inherit', env, cwd: root });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
