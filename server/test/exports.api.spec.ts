// Exports over real HTTP on both databases: a queue tab's cases and the measures table as CSV and
// XLSX files that parse back to what the pages show, masked by the reader's role, scoped like the
// queue, refused with the error shape for bad input, and streamed: a 20 000-case export leaves the
// server answering other requests while it runs.
import ExcelJS from 'exceljs';
import { shanghaiDate } from '@hotline/core';
import { devLogin, startTestServer, testDbKind, type TestServer } from './harness';

/** A CSV of the export (RFC 4180 quoting) as rows of cells; the BOM is checked and dropped. */
function parseCsv(text: string): string[][] {
  expect(text.charCodeAt(0)).toBe(0xfeff);
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 1; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  return rows;
}

async function parseXlsx(buffer: ArrayBuffer): Promise<(string | number | null)[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer);
  const sheet = workbook.worksheets[0]!;
  const rows: (string | number | null)[][] = [];
  sheet.eachRow({ includeEmpty: false }, (r) => {
    const values = (r.values as (string | number | null | undefined)[]).slice(1);
    rows.push(values.map((v) => (v === undefined ? null : v)));
  });
  return rows;
}

describe(`exports on ${testDbKind}`, () => {
  let server: TestServer;
  const token: Record<string, string> = {};
  const unit: Record<string, string> = {};
  const today = shanghaiDate(new Date());

  const post = async (path: string, as: string, body: unknown = {}) => {
    const res = await server.request('POST', path, { token: token[as], body });
    if (res.status >= 300) throw new Error(`${path} as ${as}: ${res.status} ${res.text}`);
    return res.body;
  };
  const call = async (over: Record<string, unknown>): Promise<{ id: string; trackingNumber: string }> =>
    post('/api/cases/phone', 'operator', {
      callerPhone: '13812345678',
      callerName: '张三丰',
      demandType: 'help',
      categoryCode: '010101',
      description: '路灯不亮',
      address: '幸福路1号',
      acceptNow: true,
      ...over,
    });
  const dispatch = (id: string, unitCode: string) =>
    post(`/api/staff/cases/${id}/dispatch`, 'dispatcher', { leadUnitId: unit[unitCode] });
  const download = async (as: string, path: string) => {
    const res = await fetch(server.url + path, { headers: { authorization: `Bearer ${token[as]}` } });
    return { res, bytes: await res.arrayBuffer() };
  };
  const csvOf = async (as: string, path: string) => {
    const { res, bytes } = await download(as, path);
    expect(res.status).toBe(200);
    return parseCsv(new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes));
  };
  const listed = async (as: string, tab: string, query = '') => {
    const res = await server.request('GET', `/api/queues/${tab}?limit=100${query}`, { token: token[as] });
    expect(res.status).toBe(200);
    return res.body.items as { trackingNumber: string; contactName: string | null; contactPhone: string | null }[];
  };

  const filed: Record<string, { id: string; trackingNumber: string }> = {};

  beforeAll(async () => {
    server = await startTestServer();
    for (const [name, role, unitCode] of [
      ['operator', 'operator'],
      ['dispatcher', 'dispatcher'],
      ['supervisor', 'supervisor'],
      ['analyst', 'analyst'],
      ['admin', 'admin'],
      ['t01handler', 'handler', 'T01'],
      ['t01manager', 'unit_manager', 'T01'],
      ['zjjmanager', 'unit_manager', 'D-ZJJ'],
    ] as const) {
      token[name] = await devLogin(server, role, unitCode);
    }
    for (const row of await server.database.db.selectFrom('units').select(['id', 'code']).execute())
      unit[row.code] = row.id;
    filed.atT01 = await call({ callerName: '王五', description: '路灯坏了，晚上看不见' });
    await dispatch(filed.atT01.id, 'T01');
    filed.formula = await call({
      callerName: '赵六',
      description: '=HYPERLINK("http://evil.example","点我")，另有"引号",逗号',
    });
    await dispatch(filed.formula.id, 'T01');
    filed.atZjj = await call({ callerName: '李四', description: '违建举报', demandType: 'report' });
    await dispatch(filed.atZjj.id, 'D-ZJJ');
    filed.anonymousAtT01 = await call({ callerName: '钱七', description: '匿名反映噪音', anonymous: true });
    await dispatch(filed.anonymousAtT01.id, 'T01');
  });
  afterAll(async () => {
    await server?.close();
  });

  it('gives the centre a CSV with a BOM, Chinese headers and the same rows as its queue, names shown and phones masked', async () => {
    const rows = await csvOf('supervisor', '/api/queues/to_sign/export?format=csv');
    const [header, ...body] = rows;
    expect(header).toEqual(expect.arrayContaining(['工单编号', '状态', '诉求人', '联系电话', '当前承办单位']));
    const col = (name: string) => header!.indexOf(name);
    const list = await listed('supervisor', 'to_sign');
    expect(body.map((r) => r[col('工单编号')])).toEqual(list.map((i) => i.trackingNumber));
    const atT01 = body.find((r) => r[col('工单编号')] === filed.atT01!.trackingNumber)!;
    expect(atT01[col('状态')]).toBe('已派单');
    expect(atT01[col('诉求人')]).toBe('王五');
    expect(atT01[col('联系电话')]).toBe('138****5678');
    expect(atT01[col('当前承办单位')]).not.toBe('');
    expect(rows.flat().join()).not.toContain('13812345678');
  });

  it('writes a resident text that starts like a formula as text, and quotes commas and quote marks', async () => {
    const rows = await csvOf('supervisor', '/api/queues/to_sign/export');
    const col = rows[0]!.indexOf('诉求内容（摘要）');
    const row = rows.find((r) => r.includes(filed.formula!.trackingNumber))!;
    expect(row[col]).toBe(`'=HYPERLINK("http://evil.example","点我")，另有"引号",逗号`);
  });

  it('gives an XLSX that exceljs reads back to the rows of the queue for the same filters', async () => {
    const { res, bytes } = await download('analyst', '/api/queues/to_sign/export?format=xlsx&categoryCode=01');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    const disposition = res.headers.get('content-disposition')!;
    expect(disposition).toContain(`filename*=UTF-8''${encodeURIComponent(`工单导出-待签收-${today}.xlsx`)}`);
    expect(disposition).toContain(`filename="cases-to_sign-${today}.xlsx"`);
    const rows = await parseXlsx(bytes);
    const header = rows[0]!;
    const list = await listed('analyst', 'to_sign', '&categoryCode=01');
    expect(list.length).toBeGreaterThan(0);
    expect(rows.slice(1).map((r) => r[header.indexOf('工单编号')])).toEqual(list.map((i) => i.trackingNumber));
    // An analyst works with counts, not people: names masked, no phone, the anonymous filer unnamed.
    const atT01 = rows.find((r) => r.includes(filed.atT01!.trackingNumber))!;
    expect(atT01[header.indexOf('诉求人')]).toBe('王*');
    expect(atT01[header.indexOf('联系电话')] ?? null).toBeNull();
    const anonymous = rows.find((r) => r.includes(filed.anonymousAtT01!.trackingNumber))!;
    expect(anonymous[header.indexOf('诉求人')]).toBe('（匿名）');
    expect(JSON.stringify(rows)).not.toContain('钱七');
  });

  it("shows a unit manager only their unit's cases, masked, and never another unit's", async () => {
    const rows = await csvOf('t01manager', '/api/queues/to_sign/export');
    const numbers = rows.slice(1).map((r) => r[0]);
    expect(numbers.sort()).toEqual(
      [filed.atT01!.trackingNumber, filed.formula!.trackingNumber, filed.anonymousAtT01!.trackingNumber].sort(),
    );
    expect(rows.flat().join()).not.toContain('李四');
    expect(rows.flat().join()).not.toContain('钱七');
    expect(rows.flat().join()).not.toContain('138****');
    const zjj = await csvOf('zjjmanager', '/api/queues/to_sign/export');
    expect(zjj.slice(1).map((r) => r[0])).toEqual([filed.atZjj!.trackingNumber]);
    // Filtering by another unit answers as if that unit did not exist.
    const other = await server.request('GET', `/api/queues/to_sign/export?unitId=${unit['D-ZJJ']}`, {
      token: token.t01manager,
    });
    expect(other.status).toBe(400);
  });

  it('answers bad input with 400 and the error shape, and refuses roles without the permission', async () => {
    for (const query of [
      'unitId=no-such-unit',
      'categoryCode=999999',
      'townshipCode=000000',
      'from=2019-01-01&to=2026-01-01',
      'from=2026-02-01&to=2026-01-01',
      'format=pdf',
      'extra=1',
    ]) {
      const res = await server.request('GET', `/api/queues/to_sign/export?${query}`, { token: token.supervisor });
      expect({ query, status: res.status, code: res.body?.code }).toEqual({
        query,
        status: 400,
        code: 'VALIDATION_FAILED',
      });
      expect(res.headers.get('content-type')).toContain('application/json');
    }
    const tooLong = await server.request('GET', '/api/analytics/measures/export?from=2019-01-01&to=2025-01-31', {
      token: token.analyst,
    });
    expect([tooLong.status, tooLong.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    const unknownUnit = await server.request(
      'GET',
      `/api/analytics/measures/export?from=${today}&to=${today}&unitId=nope`,
      {
        token: token.analyst,
      },
    );
    expect([unknownUnit.status, unknownUnit.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect((await server.request('GET', '/api/queues/to_sign/export', { token: token.t01handler })).status).toBe(403);
    expect((await server.request('GET', '/api/queues/to_sign/export', { token: token.operator })).status).toBe(403);
    expect((await server.request('GET', '/api/queues/to_sign/export')).status).toBe(401);
    expect(
      (
        await server.request('GET', `/api/analytics/measures/export?from=${today}&to=${today}`, {
          token: token.t01handler,
        })
      ).status,
    ).toBe(403);
  });

  it('exports the measures table as the page shows it, in CSV and XLSX', async () => {
    const page = await server.request('GET', `/api/analytics/measures?from=${today}&to=${today}&by=unit`, {
      token: token.supervisor,
    });
    expect(page.status).toBe(200);
    const csv = await csvOf(
      'supervisor',
      `/api/analytics/measures/export?from=${today}&to=${today}&by=unit&format=csv`,
    );
    expect(csv[0]!.slice(0, 3)).toEqual(['排名', '承办单位', '受理量']);
    expect(csv.slice(1).map((r) => r[1])).toEqual(page.body.rows.map((r: { name: string }) => r.name));
    const { res, bytes } = await download(
      'supervisor',
      `/api/analytics/measures/export?from=${today}&to=${today}&by=unit&format=xlsx`,
    );
    expect(res.status).toBe(200);
    const xlsx = await parseXlsx(bytes);
    expect(xlsx.slice(1).map((r) => r[1])).toEqual(page.body.rows.map((r: { name: string }) => r.name));
    const t01 = page.body.rows.find((r: { key: string }) => r.key === unit.T01);
    const t01Row = xlsx.find((r) => r[1] === t01.name)!;
    expect(t01Row[2]).toBe(t01.counts.filed);
    // A unit manager's file holds their own unit only.
    const own = await csvOf('t01manager', `/api/analytics/measures/export?from=${today}&to=${today}&by=unit`);
    expect(
      own.slice(1).every((r) => r[1] !== page.body.rows.find((x: { key: string }) => x.key === unit['D-ZJJ'])?.name),
    ).toBe(true);
  });

  it('records every export in the audit trail: who, which filters, which format', async () => {
    await csvOf('dispatcher', '/api/queues/to_sign/export?format=csv&categoryCode=01');
    const audit = await server.request('GET', '/api/admin/audit?entity=export', { token: token.admin });
    expect(audit.status).toBe(200);
    const entry = audit.body.items[0];
    expect(entry).toMatchObject({ entity: 'export', entityKey: 'cases:to_sign', action: 'create' });
    expect(entry.after).toMatchObject({ format: 'csv', filters: { categoryCode: '01' } });
    const dispatcher = await server.request('POST', '/api/auth/dev-login', { body: { role: 'dispatcher' } });
    expect(entry.actorId).toBe(dispatcher.body.user.id);
  });

  it('streams a 20 000-case export while the server keeps answering other requests', async () => {
    const db = server.database.db;
    const township = await db
      .selectFrom('areas')
      .select('code')
      .where('kind', '=', 'township')
      .orderBy('code')
      .executeTakeFirstOrThrow();
    const total = 20_000;
    const start = Date.parse('2026-11-02T01:00:00Z');
    const rows = Array.from({ length: total }, (_, i) => {
      const created = new Date(start + i * 1000).toISOString();
      return {
        id: `00000000-0000-4000-9000-${String(i).padStart(12, '0')}`,
        tracking_number: `HL20261102-${String(900000 + i)}`,
        version: 1,
        status: 'accepted',
        deadline_state: 'normal',
        supervised: 0,
        problem: 0,
        extension_pending: 0,
        reopen_pending: 0,
        demand_type: 'consultation',
        urgency: 'normal',
        channel: 'phone',
        category_code: '010101',
        description: `批量诉求第${i}号：小区路灯不亮，请尽快处理。`,
        address: null,
        lat: null,
        lng: null,
        location_accuracy_m: null,
        location_crs: null,
        township_code: township.code,
        village_code: null,
        filer_user_id: null,
        contact_name: '测试',
        contact_phone_enc: null,
        contact_phone_hash: null,
        anonymous: 0,
        consent_version: null,
        call_id: null,
        callback_wanted: 0,
        lead_unit_id: null,
        assignee_unit_id: null,
        responsible_township_unit_id: null,
        step: 'dispatch',
        step_started_at: created,
        warn_at: new Date(start + i * 1000 + 3_000_000).toISOString(),
        due_at: new Date(start + i * 1000 + 3_600_000).toISOString(),
        parent_case_id: null,
        media_ids: '[]',
        state_json: '{}',
        created_at: created,
        updated_at: created,
        closed_at: null,
      };
    });
    for (let i = 0; i < total; i += 500)
      await db
        .insertInto('cases')
        .values(rows.slice(i, i + 500))
        .execute();

    const res = await fetch(`${server.url}/api/queues/to_dispatch/export?format=csv&townshipCode=${township.code}`, {
      headers: { authorization: `Bearer ${token.supervisor}` },
    });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
    let text = decoder.decode((await reader.read()).value, { stream: true });
    // The export has begun and is held back by this slow reader; the server still answers.
    const t0 = performance.now();
    const health = await fetch(`${server.url}/api/health`);
    const healthMs = performance.now() - t0;
    expect(health.status).toBe(200);
    expect(healthMs).toBeLessThan(2000);
    const queue = await server.request('GET', '/api/queues/to_accept', { token: token.supervisor });
    expect(queue.status).toBe(200);
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
    text += decoder.decode();
    const parsed = parseCsv(text);
    expect(parsed.length).toBe(total + 1);
    expect(parsed[1]![0]).toBe('HL20261102-900000');
    expect(parsed[total]![0]).toBe(`HL20261102-${900000 + total - 1}`);
  }, 120_000);
});
