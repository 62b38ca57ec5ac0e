// Demo-county people, units and a resident's filing, shared by the server's tests.
import sharp from 'sharp';
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
export function residentFiling(filerUserId: string | null, overrides: Partial<NewCaseInput> = {}): NewCaseInput {
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

/** Uploads a small real JPEG as the token's owner (e.g. a handler's reply photo); returns its id. */
export async function uploadPhoto(server: TestServer, token: string): Promise<string> {
  const jpeg = await sharp({ create: { width: 32, height: 24, channels: 3, background: { r: 90, g: 140, b: 60 } } })
    .jpeg()
    .toBuffer();
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(jpeg)], { type: 'image/jpeg' }), 'reply.jpg');
  const res = await fetch(`${server.url}/api/media`, {
    method: 'POST',
    body: form,
    headers: { authorization: `Bearer ${token}` },
  });
  if (res.status !== 201) throw new Error(`upload failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { id: string }).id;
}
