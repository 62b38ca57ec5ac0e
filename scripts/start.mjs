// `npm start`: runs the built API on the embedded defaults (SQLite under ./data, the built H5 app
// at '/', demo county seeded on first start). Any variable already set in the environment wins.
import { spawn } from 'node:child_process';
import { serverProcessEnv } from './server-env.mjs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const env = serverProcessEnv({ HOTLINE_DEMO: '1', ...process.env });
const child = spawn(process.execPath, [path.join(root, 'server/dist/main.js')], { stdio: 'inherit', env, cwd: root });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
