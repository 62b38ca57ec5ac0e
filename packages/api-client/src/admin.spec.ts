import { createAdminApiClient } from './admin';
import { ApiError } from './errors';
import { fakeTransport } from './testing/fake-transport';

const unit = {
  id: 'u1',
  code: 'T07',
  name: '青山镇人民政府',
  kind: 'township',
  parentId: null,
  areaCode: '421199300000',
  phone: null,
  active: true,
  openCases: 2,
  version: 3,
};

describe('admin API client', () => {
  it('sends the version it saw with an edit and hands a refusal back with its code and field', async () => {
    const { transport, calls } = fakeTransport({
      status: 409,
      data: {
        code: 'UNIT_HAS_OPEN_CASES',
        message: '青山镇人民政府还有 2 件未办结的工单，请先改派或办结后再停用',
        requestId: 'r1',
        details: { field: 'active', openCases: 2 },
      },
      headers: {},
    });
    const api = createAdminApiClient(transport, { getToken: () => 'admin-token' });
    const refusal = await api.updateUnit('u1', { active: false, expectedVersion: 3 }).catch((e: unknown) => e);
    expect(calls[0]).toMatchObject({
      method: 'PATCH',
      url: '/admin/units/u1',
      data: { active: false, expectedVersion: 3 },
      headers: { Authorization: 'Bearer admin-token' },
    });
    expect(refusal).toBeInstanceOf(ApiError);
    expect(refusal).toMatchObject({ code: 'UNIT_HAS_OPEN_CASES', status: 409, details: { field: 'active' } });
  });

  it('checks answers against the shared schemas', async () => {
    const { transport } = fakeTransport(
      { status: 200, data: [unit], headers: {} },
      { status: 200, data: [{ ...unit, openCases: 'two' }], headers: {} },
    );
    const api = createAdminApiClient(transport);
    expect(await api.units()).toEqual([unit]);
    await expect(api.units()).rejects.toMatchObject({ code: 'INVALID_RESPONSE' });
  });

  it('asks the catalogue tester with the category and the point as query parameters', async () => {
    const { transport, calls } = fakeTransport({
      status: 200,
      data: {
        categoryCode: '010101',
        duty: 'township',
        pushDownForbidden: false,
        explanation: null,
        suggestions: [],
        township: null,
        village: null,
      },
      headers: {},
    });
    await createAdminApiClient(transport).tryCatalogue({ categoryCode: '010101', lat: 30.5, lng: 115.5 });
    expect(calls[0]).toMatchObject({
      method: 'GET',
      url: '/admin/catalogue/trial',
      params: { categoryCode: '010101', lat: 30.5, lng: 115.5 },
    });
  });
});
