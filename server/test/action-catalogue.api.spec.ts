// The action catalogue is the one description of every case action: each workspace action has its
// route in the OpenAPI document (with the catalogue's body schema, summary and error codes) and a
// form kind; no route fires an action the catalogue does not list. (That every catalogue action has
// a transition is held by the compiler: the machine's switch ends in an exhaustive `never`; that every
// form kind sends a body its route accepts is held by apps/client/src/staff/components/actionForms.spec.ts.)
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { RequestMethod } from '@nestjs/common';
import {
  actionCatalogue,
  caseActionTypes,
  workspaceActionOf,
  workspaceActionTypes,
} from '@hotline/core';
import { z } from 'zod';
import { ENDPOINT_METADATA, type EndpointSpec } from '../src/common/endpoint';
import { startTestServer, type TestServer } from './harness';

const inputSchema = (schema: z.ZodType) => {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  delete json.$schema;
  return json;
};

describe('the action catalogue', () => {
  let server: TestServer;
  let doc: { paths: Record<string, Record<string, any>> }; // eslint-disable-line @typescript-eslint/no-explicit-any
  beforeAll(async () => {
    server = await startTestServer();
    doc = (await server.request('GET', '/api/openapi.json')).body;
  });
  afterAll(async () => {
    await server?.close();
  });

  it('describes every action of the case machine, and nothing else', () => {
    expect(Object.keys(actionCatalogue)).toEqual([...caseActionTypes]);
    for (const type of caseActionTypes) expect(actionCatalogue[type].who.length).toBeGreaterThan(0);
  });

  it('gives every workspace action its route with the catalogue body, summary, errors and a panel form', () => {
    for (const type of workspaceActionTypes) {
      const entry = workspaceActionOf(type);
      const op = doc.paths[`/api/staff/cases/{id}/${entry.path}`]?.post;
      expect({ type, summary: op?.summary }).toEqual({ type, summary: entry.summary });
      expect(op.requestBody.content['application/json'].schema).toEqual(inputSchema(entry.body));
      for (const code of entry.errors) expect(op.responses['4XX'].description).toContain(code);
      expect(entry.form.kind).toEqual(expect.any(String));
      expect(actionCatalogue[type].from.length).toBeGreaterThan(0);
    }
  });

  it('fires no action from a route the catalogue does not list', () => {
    const discovery = server.app.get(DiscoveryService);
    const scanner = server.app.get(MetadataScanner);
    const reflector = server.app.get(Reflector);
    const fired: string[] = [];
    for (const { instance, metatype } of discovery.getControllers()) {
      if (!instance || !metatype) continue;
      const base = (Reflect.getMetadata(PATH_METADATA, metatype) as string) ?? '';
      const proto = Object.getPrototypeOf(instance) as Record<string, () => unknown>;
      for (const name of scanner.getAllMethodNames(proto)) {
        const handler = proto[name]!;
        const spec = reflector.get<EndpointSpec | undefined>(ENDPOINT_METADATA, handler);
        if (!spec || typeof spec.access !== 'string' || !spec.access.startsWith('action.')) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number];
        fired.push(`${method} ${base}/${Reflect.getMetadata(PATH_METADATA, handler) as string} ${spec.access}`);
      }
    }
    const listed = workspaceActionTypes.map((t) => `POST staff/cases/:id/${workspaceActionOf(t).path} action.${t}`);
    expect(fired.sort()).toEqual(listed.sort());
  });
});
