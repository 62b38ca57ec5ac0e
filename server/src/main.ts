// Starts the Hotline API: validates configuration (stopping with a clear message when it is
// wrong), migrates, seeds the demo county in demo mode, listens, and shuts down gracefully.
import 'reflect-metadata';
import { createApp } from './bootstrap';
import { ConfigError, loadConfig } from './config/config';

async function main(): Promise<void> {
  const config = loadConfig();
  const { app, seed } = await createApp(config);
  await app.listen({ port: config.port, host: config.host });
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const lines = [
    '',
    `  Hotline 12345 is running: http://localhost:${port}`,
    `  API: http://localhost:${port}/api   ·   API docs: http://localhost:${port}/api/docs`,
    `  Database: ${config.database.kind}${config.database.kind === 'sqlite' ? ` (${config.database.file})` : ''}`,
  ];
  if (config.demo && seed) {
    lines.push('  Demo mode: sign in as any role with POST /api/auth/dev-login {"role": "...", "unitCode"?: "..."}');
    lines.push('  Demo accounts:');
    for (const user of seed.users) {
      lines.push(`    ${user.role.padEnd(13)} ${user.username.padEnd(16)} ${user.name}${user.unitCode ? ` (${user.unitCode})` : ''}`);
    }
  }
  process.stdout.write(`${lines.join('\n')}\n\n`);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(78); // EX_CONFIG
  }
  process.stderr.write(`Hotline failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
