// Holds the API's contract as the OpenAPI document states it: every operation (method and path)
// with a fingerprint of its parameters, request body, success response and error codes. A change
// to any of them fails here and shows in review as a changed line (one per operation) of
// openapi-contract.json.
// After a deliberate change: HOTLINE_UPDATE_CONTRACT=1 npx jest -c server/jest.config.js server/test/openapi-contract.api.spec.ts
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { startTestServer, type TestServer } from './harness';

const contractFile = path.join(__dirname, 'openapi-contract.json');

const fingerprint = (value: unknown) =>
  value === undefined ? null : createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 16);

type Operation = {
  parameters?: unknown;
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: unknown }> }>;
  security?: unknown;
};

function contractOf(doc: { paths: Record<string, Record<string, Operation>> }): Record<string, unknown> {
  const lines: Record<string, unknown> = {};
  for (const [route, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const [status, success] = Object.entries(op.responses).find(([s]) => s !== '4XX') ?? [];
      lines[`${method.toUpperCase()} ${route}`] = {
        signedIn: Boolean(op.security),
        params: fingerprint(op.parameters),
        body: fingerprint(op.requestBody?.content['application/json']?.schema),
        status,
        response: fingerprint(success?.content?.['application/json']?.schema),
        errors: op.responses['4XX']?.description ?? null,
      };
    }
  }
  return Object.fromEntries(Object.entries(lines).sort(([a], [b]) => a.localeCompare(b)));
}

describe('the OpenAPI contract', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('keeps every operation, its parameters, bodies, responses and error codes as recorded', async () => {
    const doc = (await server.request('GET', '/api/openapi.json')).body;
    const now = contractOf(doc);
    if (process.env.HOTLINE_UPDATE_CONTRACT === '1') {
      const lines = Object.entries(now).map(([op, terms]) => `  ${JSON.stringify(op)}: ${JSON.stringify(terms)}`);
      fs.writeFileSync(contractFile, `{\n${lines.join(',\n')}\n}\n`);
    }
    const recorded = JSON.parse(fs.readFileSync(contractFile, 'utf8')) as Record<string, unknown>;
    expect(Object.keys(now)).toEqual(Object.keys(recorded));
    expect(now).toEqual(recorded);
  });
});
