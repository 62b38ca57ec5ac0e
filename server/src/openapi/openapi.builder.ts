// Builds the OpenAPI 3.1 document from the routes Nest knows and the zod schemas each route
// declares with @Endpoint: the schemas that validate a request are the ones documented.
import { Injectable } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { RequestMethod } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { errorResponseSchema, rolesWith } from '@hotline/core';
import { z, type ZodType } from 'zod';
import { ENDPOINT_METADATA, type EndpointSpec } from '../common/endpoint';

type JsonSchema = Record<string, unknown>;

const toSchema = (schema: ZodType, io: 'input' | 'output'): JsonSchema => {
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  delete json.$schema;
  return json;
};

const joinPath = (...parts: string[]) =>
  ('/' + parts.map((p) => p.replace(/^\/+|\/+$/g, '')).filter(Boolean).join('/')).replace(/:(\w+)/g, '{$1}');

@Injectable()
export class OpenApiBuilder {
  private cached: JsonSchema | null = null;

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  document(info: { title: string; version: string }, globalPrefix: string): JsonSchema {
    if (this.cached) return this.cached;
    const paths: Record<string, Record<string, unknown>> = {};
    for (const wrapper of this.discovery.getControllers()) {
      const { instance, metatype } = wrapper;
      if (!instance || !metatype) continue;
      const base = (Reflect.getMetadata(PATH_METADATA, metatype) as string | undefined) ?? '';
      const proto = Object.getPrototypeOf(instance) as object;
      for (const name of this.scanner.getAllMethodNames(proto)) {
        const handler = (proto as Record<string, unknown>)[name] as () => unknown;
        const spec = this.reflector.get<EndpointSpec | undefined>(ENDPOINT_METADATA, handler);
        if (!spec || spec.hidden) continue;
        const method = (RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number] ?? 'get').toLowerCase();
        const route = joinPath(globalPrefix, base, (Reflect.getMetadata(PATH_METADATA, handler) as string) ?? '');
        (paths[route] ??= {})[method] = this.operation(spec);
      }
    }
    this.cached = {
      openapi: '3.1.0',
      info: { ...info, description: '12345 政务服务便民热线 API。所有错误均返回统一结构 { code, message, requestId, details }。' },
      servers: [{ url: '/' }],
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
        schemas: { Error: toSchema(errorResponseSchema, 'output') },
      },
      paths,
    };
    return this.cached;
  }

  private operation(spec: EndpointSpec): Record<string, unknown> {
    const parameters: unknown[] = [];
    for (const [where, schema] of [['path', spec.params], ['query', spec.query]] as const) {
      if (!schema) continue;
      const json = toSchema(schema, 'input');
      const props = (json.properties ?? {}) as Record<string, JsonSchema>;
      const required = new Set((json.required as string[] | undefined) ?? []);
      for (const [name, prop] of Object.entries(props)) {
        parameters.push({ name, in: where, required: where === 'path' || required.has(name), schema: prop });
      }
    }
    const status = String(spec.status ?? 200);
    const errorResponse = { description: '错误', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
    return {
      summary: spec.summary,
      ...(spec.description ? { description: spec.description } : {}),
      tags: spec.tags ?? [],
      ...(spec.access && spec.access !== 'public' ? { security: [{ bearer: [] }] } : {}),
      // Who may call it: the guard enforces this list; the security suite reads it.
      ...(spec.access !== 'public' && spec.access !== 'authenticated' ? { 'x-roles': rolesWith(spec.access) } : {}),
      ...(parameters.length ? { parameters } : {}),
      ...(spec.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: toSchema(spec.body, 'input') } } } }
        : {}),
      responses: {
        [status]: spec.response
          ? { description: 'OK', content: { 'application/json': { schema: toSchema(spec.response, 'output') } } }
          : { description: 'OK' },
        ...(spec.errors?.length ? { '4XX': { ...errorResponse, description: `错误码：${spec.errors.join(', ')}` } } : { '4XX': errorResponse }),
      },
    };
  }
}
