// `npm test`: every test of the workspace, in order, stopping at the first failure. Each step
// prints its own results; the last line sums up the steps.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const only = process.argv.slice(2);

const steps = [
  ['lint', 'npx', ['eslint', 'server/src', 'server/test', 'packages', 'apps/client', 'tests/weapp', 'tests/e2e', 'tests/security', 'tests/city', 'deploy', 'bench']],
  ['seed data check', 'node', ['server/seed/demo-county/check.mjs']],
  ['build domain core', 'npm', ['run', 'build', '-w', '@hotline/core']],
  ['build api client', 'npm', ['run', 'build', '-w', '@hotline/api-client']],
  ['domain core unit tests', 'npx', ['jest', '-c', 'packages/core/jest.config.js']],
  ['api client unit tests', 'npx', ['jest', '-c', 'packages/api-client/jest.config.js']],
  ['server tests on SQLite', 'npx', ['jest', '-c', 'server/jest.config.js'], { HOTLINE_TEST_DB: 'sqlite' }],
  ['server tests on PostgreSQL', 'npx', ['jest', '-c', 'server/jest.config.js'], { HOTLINE_TEST_DB: 'postgres' }],
  ['client type check', 'npm', ['run', 'typecheck', '-w', '@hotline/client']],
  ['client unit tests', 'npm', ['test', '-w', '@hotline/client']],
  ['build server', 'npm', ['run', 'build', '-w', '@hotline/server']],
  ['security suite against the real server process (access matrix, hostile inputs, leaks, abuse, database tampering)', 'npm', ['run', 'security', '-w', '@hotline/tests']],
  ['city set-up: two instances, nginx, the audit trail they write', 'npm', ['run', 'city', '-w', '@hotline/tests']],
  ['build weapp', 'npm', ['run', 'build:weapp', '-w', '@hotline/client']],
  ['weapp: official compilers and code-quality check', 'npm', ['run', 'check:weapp', '-w', '@hotline/tests']],
  ['weapp: compiled code under Node against the real server', 'npm', ['run', 'check:weapp-runtime', '-w', '@hotline/tests']],
  ['build H5', 'npm', ['run', 'build:h5', '-w', '@hotline/client']],
  ['H5 in Chromium', 'npm', ['run', 'e2e', '-w', '@hotline/tests']],
];

let passed = 0;
let failed = 0;
const started = Date.now();
for (const [name, cmd, args, env] of steps) {
  if (only.length && !only.some((o) => name.includes(o))) continue;
  const t0 = Date.now();
  process.stdout.write(`\n=== ${name} ===\n`);
  const result = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...(env ?? {}) } });
  const seconds = ((Date.now() - t0) / 1000).toFixed(1);
  if (result.status === 0) {
    passed++;
    process.stdout.write(`=== ${name}: ok (${seconds} s) ===\n`);
  } else {
    failed++;
    process.stdout.write(`=== ${name}: FAILED (${seconds} s) ===\n`);
    break;
  }
}
process.stdout.write(`\nAll steps took ${((Date.now() - started) / 1000).toFixed(0)} s\n${passed} passed, ${failed} failed\n`);
process.exit(failed ? 1 : 0);
