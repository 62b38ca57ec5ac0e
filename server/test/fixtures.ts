// Demo-county people, units and a resident's filing, shared by the server's tests.
import type { Principal } from '../src/auth/tokens';
import type { NewCaseInput } from '../src/cases/case-workflow.service';
import type { TestServer } from './harness';

/** A seeded demo user as the services see a signed-in caller. */
export async function principalOf(server: TestServer, username: string): Promise<Principal> {
  const u = await server.database.db
    .selectFrom('users')
    .select(['id', 'role', 'unit_id'])
    .where('username', '=', username)
    .executeTakeFirstOrThrow();
  return { userId: u.id, role: u.role, unitId: u.unit_id };
}

export async function unitIdOf(server: TestServer, code: string): Promise<string> {
  return (await server.database.db.selectFrom('units').select('id').where('code', '=', code).executeTakeFirstOrThrow())
    .id;
}

/** What a resident files from the H5 app, as the workflow service takes it. */
export function residentFiling(filerUserId: string, overrides: Partial<NewCaseInput> = {}): NewCaseInput {
  return {
    demandType: 'complaint',
    urgency: 'normal',
    channel: 'h5',
    categoryCode: null,
    description: '小区门口路灯连续一周不亮，晚上出行不便',
    address: '城关街道府前路 12 号',
    location: null,
    townshipCode: null,
    villageCode: null,
    filerUserId,
    contactName: '张秀英',
    contactPhone: '13800000024',
    anonymous: false,
    consentVersion: '2026-11',
    callId: null,
    callbackWanted: false,
    mediaIds: [],
    ...overrides,
  };
}
