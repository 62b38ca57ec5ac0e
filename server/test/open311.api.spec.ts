// Open311 GeoReport v2 at /open311/v2: every endpoint and every error, in JSON and XML, checked
// against the official schemas; a request filed by a civic app reaching the operators' queue and
// being dispatched; no personal data in any read; API keys issued, limited and revoked by admins.
import { pointInGeometry } from '@hotline/core';
import { devLogin, startTestServer, testDbKind, type TestServer } from './harness';
import { open311JsonProblems, open311XmlProblems, open311XmlValue, type Open311Kind } from './open311-conformance';

const DEMO_KEY = 'demo-open311-key';
const NOISE = '030104';
const CALLER = { first_name: '秀英', last_name: '张', phone: '13912345678' };

interface Req {
  service_request_id: string;
  status: string;
  agency_responsible: string | null;
  status_notes: string | null;
  lat: number | null;
  long: number | null;
  address: string | null;
  description: string | null;
}

describe(`Open311 GeoReport v2 on ${testDbKind}`, () => {
  let server: TestServer;
  let token: Record<string, string>;
  let inside: { lat: number; lng: number };
  let village: { code: string; parent_code: string | null };

  const raw = (method: string, path: string, init: { form?: URLSearchParams; headers?: Record<string, string> } = {}) =>
    fetch(`${server.url}/open311/v2/${path}`, {
      method,
      headers: { ...(init.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}), ...(init.headers ?? {}) },
      ...(init.form ? { body: init.form.toString() } : {}),
    });

  /** GETs or POSTs `path` in both formats and checks both against the schema of `kind`; returns the JSON. */
  async function both(kind: Open311Kind, method: string, path: string, status: number, form?: () => URLSearchParams) {
    const [base, query] = path.split('?');
    const q = query ? `?${query}` : '';
    const json = await raw(method, `${base}.json${q}`, form ? { form: form() } : {});
    const xml = await raw(method, `${base}.xml${q}`, form ? { form: form() } : {});
    const jsonText = await json.text();
    const xmlText = await xml.text();
    expect([json.status, xml.status]).toEqual([status, status]);
    expect(json.headers.get('content-type')).toMatch(/^application\/json/);
    expect(xml.headers.get('content-type')).toMatch(/^text\/xml/);
    const value = JSON.parse(jsonText) as unknown;
    expect({ kind, problems: open311JsonProblems(kind, value) }).toEqual({ kind, problems: [] });
    expect({ kind, problems: open311XmlProblems(kind, xmlText) }).toEqual({ kind, problems: [] });
    return { value, xml: open311XmlValue(kind, xmlText), jsonText, xmlText };
  }

  const filing = (extra: Record<string, string> = {}) => () =>
    new URLSearchParams({
      api_key: DEMO_KEY,
      service_code: NOISE,
      lat: String(inside.lat),
      long: String(inside.lng),
      address_string: '府前路88号3单元楼下',
      description: '楼下烧烤店每晚音响很吵，我是张秀英，电话13912345678',
      'attribute[period]': 'night',
      'attribute[source][]': 'shop',
      ...CALLER,
      ...extra,
    });

  beforeAll(async () => {
    server = await startTestServer();
    token = {};
    for (const role of ['admin', 'operator', 'dispatcher']) token[role] = await devLogin(server, role);
    const villages = await server.database.db.selectFrom('areas').selectAll().where('kind', '=', 'village').orderBy('code').execute();
    for (const v of villages) {
      const geometry = JSON.parse(v.geometry) as { type: string; coordinates: number[][][] };
      const ring = geometry.coordinates[0]!;
      const c = { lng: ring.reduce((s, p) => s + p[0]!, 0) / ring.length, lat: ring.reduce((s, p) => s + p[1]!, 0) / ring.length };
      if (geometry.type === 'Polygon' && pointInGeometry(c, geometry)) {
        village = v;
        inside = c;
        break;
      }
    }
    expect(village).toBeDefined();
  });
  afterAll(() => server?.close());

  it('has a checker that refuses what breaks the spec (so passing means something)', () => {
    expect(open311JsonProblems('requests', [{ service_request_id: 'x', status: 'pending', service_code: 'a', requested_datetime: 'now' }])).not.toEqual([]);
    expect(open311JsonProblems('errors', [{ code: '403' }])).not.toEqual([]);
    expect(() => open311XmlValue('services', '<?xml version="1.0"?><service_list><service/></service_list>')).toThrow(/root/);
    expect(() => open311XmlValue('services', '<?xml version="1.0"?><services><item><service_code>1</service_code></item></services>')).toThrow(/instead of/);
    expect(
      open311XmlProblems('services', '<?xml version="1.0"?><services><service><service_code>1</service_code><metadata>maybe</metadata><type>realtime</type><service_name>x</service_name></service></services>'),
    ).not.toEqual([]);
  });

  it('describes itself (discovery) and lists the leaf categories as services, metadata where they ask questions', async () => {
    const discovery = (await both('discovery', 'GET', 'discovery', 200)).value as { endpoints: { url: string }[] };
    expect(discovery.endpoints[0]!.url).toBe(`${server.url}/open311/v2`);
    const { value, xml } = await both('services', 'GET', 'services', 200);
    const services = value as { service_code: string; service_name: string; metadata: boolean; group: string }[];
    expect(services).toHaveLength(43);
    expect(services.find((s) => s.service_code === '010101')).toMatchObject({ service_name: '路灯损坏', metadata: true, group: '城乡建设' });
    expect(services.find((s) => s.service_code === '010201')).toMatchObject({ metadata: false });
    expect(xml).toEqual(value);
  });

  it('serves a service definition with its questions as attributes, the same in XML', async () => {
    const { value, xml } = await both('serviceDefinition', 'GET', `services/${NOISE}`, 200);
    const def = value as { attributes: { code: string; datatype: string; required: boolean; order: number; values?: unknown[] }[] };
    expect(def.attributes.map((a) => [a.code, a.datatype, a.required, a.order])).toEqual([
      ['period', 'singlevaluelist', true, 1],
      ['source', 'multivaluelist', true, 2],
      ['started_at', 'datetime', false, 3],
    ]);
    expect(def.attributes[0]!.values).toContainEqual({ key: 'night', name: '夜间（22时至次日6时）' });
    expect(xml).toEqual(value);
  });

  it('answers every error as the spec’s list of {code, description} with its HTTP status, in JSON and XML', async () => {
    const cases: [string, string, number, (() => URLSearchParams)?][] = [
      ['GET', 'services/999999', 404],
      ['GET', 'requests/HL20200101-000001', 404],
      ['GET', 'tokens/00000000-0000-0000-0000-000000000000', 404],
      ['GET', 'requests?start_date=yesterday', 400],
      ['GET', 'requests?status=pending', 400],
      ['GET', 'requests?start_date=2026-01-01T00:00:00Z&end_date=2026-11-01T00:00:00Z', 400],
      ['POST', 'requests', 403, filing({ api_key: '' })],
      ['POST', 'requests', 403, filing({ api_key: 'not-a-key' })],
      ['POST', 'requests', 400, filing({ lat: '', long: '', address_string: '' })],
      ['POST', 'requests', 400, filing({ 'attribute[period]': '' })],
      ['POST', 'requests', 404, filing({ service_code: '999999' })],
    ];
    for (const [method, path, status, form] of cases) {
      const { value } = await both('errors', method, path, status, form);
      expect((value as { code: number }[])[0]!.code).toBe(status);
    }
    const missing = await both('errors', 'POST', 'requests', 400, filing({ 'attribute[period]': '' }));
    expect((missing.value as { description: string }[])[0]!.description).toContain('时段');
    const count = await server.database.db.selectFrom('cases').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
  });

  it('files a request into the operators’ queue as channel open311; dispatched, it reads back without personal data', async () => {
    const first = await raw('POST', 'requests.json', { form: filing()(), headers: { 'idempotency-key': 'civic-app-1' } });
    expect(first.status).toBe(200);
    const answer = (await first.json()) as { token: string; service_request_id?: string }[];
    expect(open311JsonProblems('postResponse', answer)).toEqual([]);
    expect(answer[0]!.service_request_id).toBeUndefined();
    const retry = await raw('POST', 'requests.json', { form: filing()(), headers: { 'idempotency-key': 'civic-app-1' } });
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(await retry.json()).toEqual(answer);
    const caseId = answer[0]!.token;

    const queue = await server.request('GET', '/api/queues/to_accept', { token: token.operator });
    const item = (queue.body.items as { id: string; channel: string }[]).filter((i) => i.id === caseId);
    expect(item).toEqual([expect.objectContaining({ channel: 'open311', status: 'submitted' })]);
    const staff = await server.request('GET', `/api/staff/cases/${caseId}`, { token: token.operator });
    expect(staff.body).toMatchObject({ townshipCode: village.parent_code, villageCode: village.code, contactName: '张秀英' });
    expect(staff.body.answers.map((a: { display: string }) => a.display)).toEqual(['夜间（22时至次日6时）', '商铺经营']);

    const pending = (await both('tokens', 'GET', `tokens/${caseId}`, 200)).value as { service_request_id?: string }[];
    expect(pending[0]!.service_request_id).toBeUndefined();

    expect((await server.request('POST', `/api/staff/cases/${caseId}/accept`, { token: token.operator, body: {} })).status).toBe(200);
    const suggestion = await server.request('GET', `/api/staff/cases/${caseId}/dispatch-suggestions`, { token: token.dispatcher });
    const leadUnit = suggestion.body.suggestions[0].lead[0] as { unitId: string; name: string };
    const unitId = leadUnit.unitId;
    const dispatched = await server.request('POST', `/api/staff/cases/${caseId}/dispatch`, { token: token.dispatcher, body: { leadUnitId: unitId } });
    expect(dispatched.status).toBe(200);

    const tokens = (await both('tokens', 'GET', `tokens/${caseId}`, 200)).value as { service_request_id: string }[];
    const id = tokens[0]!.service_request_id;
    expect(id).toMatch(/^HL\d{8}-\d{6}$/);
    const one = await both('requests', 'GET', `requests/${id}`, 200);
    const request = (one.value as Req[])[0]!;
    expect(request).toMatchObject({ service_request_id: id, status: 'open', agency_responsible: leadUnit.name, lat: inside.lat, long: inside.lng });
    expect(one.xml).toEqual(one.value);

    const listed = await both('requests', 'GET', `requests?service_code=${NOISE}&status=open`, 200);
    expect((listed.value as Req[]).map((r) => r.service_request_id)).toEqual([id]);
    expect((await both('requests', 'GET', 'requests?status=closed', 200)).value).toEqual([]);
    expect((await both('requests', 'GET', `requests?service_request_id=${id},HL20200101-000001`, 200)).value).toHaveLength(1);

    for (const text of [one.jsonText, one.xmlText, listed.jsonText, listed.xmlText]) {
      for (const secret of ['13912345678', '张秀英', '秀英', '1391234']) expect(text).not.toContain(secret);
    }
    expect(request.description).toContain('张**');
  });

  it('rounds an anonymous filer’s point and drops the address', async () => {
    const res = await raw('POST', 'requests.json', { form: filing({ first_name: '', last_name: '', phone: '' })() });
    const caseId = ((await res.json()) as { token: string }[])[0]!.token;
    await server.request('POST', `/api/staff/cases/${caseId}/accept`, { token: token.operator, body: {} });
    const tokens = (await both('tokens', 'GET', `tokens/${caseId}`, 200)).value as { service_request_id: string }[];
    const request = ((await both('requests', 'GET', `requests/${tokens[0]!.service_request_id}`, 200)).value as Req[])[0]!;
    expect(request.address).toBeNull();
    expect(request.lat).not.toBe(inside.lat);
    expect(Math.abs(request.lat! - inside.lat)).toBeLessThan(0.001);
  });

  it('lets an admin issue a key (shown once), limits it per minute and revokes it', async () => {
    const created = await server.request('POST', '/api/admin/open311-keys', { token: token.admin, body: { name: '街坊随手拍', requestsPerMinute: 2 } });
    expect(created.status).toBe(201);
    const key = created.body.key as string;
    const list = await server.request('GET', '/api/admin/open311-keys', { token: token.admin });
    expect(list.text).not.toContain(key);
    expect(list.body.map((k: { name: string }) => k.name)).toEqual(expect.arrayContaining(['街坊随手拍', '演示 Open311 客户端']));
    const stored = await server.database.db.selectFrom('open311_keys').select('key_hash').where('id', '=', created.body.id).executeTakeFirstOrThrow();
    expect(stored.key_hash).not.toContain(key);

    for (let i = 0; i < 2; i++) expect((await raw('POST', 'requests.json', { form: filing({ api_key: key })() })).status).toBe(200);
    const limited = await both('errors', 'POST', 'requests', 429, filing({ api_key: key }));
    expect((limited.value as { code: number }[])[0]!.code).toBe(429);

    const revoked = await server.request('POST', `/api/admin/open311-keys/${created.body.id}/revoke`, { token: token.admin });
    expect(revoked.body.revokedAt).not.toBeNull();
    await both('errors', 'POST', 'requests', 403, filing({ api_key: key }));
    expect((await server.request('GET', '/api/admin/open311-keys', { token: token.operator })).status).toBe(403);
  });
});
