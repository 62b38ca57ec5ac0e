// The two PostgreSQL roles of docs/deploy.md, set up by deploy/postgres-roles.sql: migrations run
// as the owner, the API as the app role, which can file and handle cases but cannot drop or disable
// the audit triggers, truncate the audit tables, or change the schema.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import { CaseWorkflowService } from '../src/cases/case-workflow.service';
import { principalOf, residentFiling } from './fixtures';
import { devLogin, startTestServer, testDbKind, type TestServer } from './harness';

const adminUrl = process.env.HOTLINE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const suffix = `${Date.now()}_${randomBytes(3).toString('hex')}`;
const names = { owner: `hl_owner_${suffix}`, app: `hl_app_${suffix}`, db: `hl_roles_${suffix}` };
const urlAs = (role: string) => {
  const url = new URL(adminUrl);
  url.username = role;
  url.pathname = `/${names.db}`;
  return url.toString();
};

async function asSuperuser(statements: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    for (const s of statements) await client.query(s);
  } finally {
    await client.end();
  }
}

(testDbKind === 'postgres' ? describe : describe.skip)('the PostgreSQL app role', () => {
  let server: TestServer;
  let app: pg.Client;

  beforeAll(async () => {
    const superuser = new URL(adminUrl);
    execFileSync(
      'psql',
      ['-v', 'ON_ERROR_STOP=1', '-q', '-v', `owner=${names.owner}`, '-v', `app=${names.app}`, '-v', `db=${names.db}`,
        '-f', path.join(__dirname, '../../deploy/postgres-roles.sql'), superuser.toString()],
      { stdio: 'pipe' },
    );
    server = await startTestServer({ DATABASE_URL: urlAs(names.app), HOTLINE_MIGRATION_DATABASE_URL: urlAs(names.owner) });
    app = new pg.Client({ connectionString: urlAs(names.app) });
    await app.connect();
  });
  afterAll(async () => {
    await app?.end();
    await server?.close();
    await asSuperuser([
      `drop database if exists ${names.db} with (force)`,
      `drop role if exists ${names.app}`,
      `drop role if exists ${names.owner}`,
    ]);
  });

  const refusal = (text: string) =>
    app.query(text).then(
      () => 'accepted',
      (error: Error) => error.message,
    );

  it('runs the API as a role that does not own the tables, which still files and handles cases', async () => {
    const owners = await app.query<{ tableowner: string }>(
      `select distinct tableowner from pg_tables where schemaname = 'public'`,
    );
    expect(owners.rows.map((r) => r.tableowner)).toEqual([names.owner]);
    const workflow = server.app.get(CaseWorkflowService);
    const resident = await principalOf(server, 'resident1');
    const filed = await workflow.submit(residentFiling(resident.userId), resident);
    const accepted = await workflow.act(filed.id, { type: 'accept' }, await principalOf(server, 'operator1'));
    expect(accepted.status).toBe('accepted');
    const admin = await devLogin(server, 'admin');
    const edit = await server.request('PUT', '/api/admin/calendar/2027-02-01', { token: admin, body: { kind: 'holiday', note: '角色测试' } });
    expect(edit.status).toBe(200);
    expect((await server.request('GET', '/api/admin/audit/verify', { token: admin })).body.ok).toBe(true);
  });

  it('cannot drop or disable the audit triggers, truncate, or change the schema', async () => {
    expect(await refusal('drop trigger case_events_no_change on case_events')).toMatch(/must be owner/);
    expect(await refusal('drop trigger admin_audit_no_change on admin_audit')).toMatch(/must be owner/);
    expect(await refusal('alter table case_events disable trigger user')).toMatch(/must be owner/);
    expect(await refusal('drop function case_events_append_only() cascade')).toMatch(/must be owner/);
    expect(await refusal('truncate case_events cascade')).toMatch(/permission denied/);
    expect(await refusal('delete from case_events')).toMatch(/append-only/);
    expect(await refusal('update admin_audit set actor_id = actor_id')).toMatch(/append-only/);
    expect(await refusal('create table sneaky (id int)')).toMatch(/permission denied/);
  });
});
