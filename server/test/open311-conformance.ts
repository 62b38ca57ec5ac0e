// Validates Open311 answers against the official GeoReport v2 schemas (conformance/…): JSON with
// ajv; XML by reading it with fast-xml-parser into values of the types the schema names (lists
// from the repeated item elements, empty elements as null) and validating the same way, after
// checking the root and item element names the specification uses.
import fs from 'node:fs';
import path from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { XMLParser } from 'fast-xml-parser';

type Schema = Record<string, unknown>;
const dir = path.join(__dirname, 'conformance', 'open311-georeport-v2');
const read = (name: string): Schema => JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')) as Schema;
const swagger = read('swagger.json') as { definitions: Record<string, Schema> };

// Not in the schema files; written from the specification (GeoReport v2, "Errors" and "Service Discovery").
const errorsSchema: Schema = {
  type: 'array',
  minItems: 1,
  items: {
    type: 'object',
    required: ['code', 'description'],
    properties: { code: { type: 'integer' }, description: { type: 'string', minLength: 1 } },
  },
};
const discoverySchema: Schema = {
  type: 'object',
  required: ['changeset', 'contact', 'key_service', 'endpoints'],
  properties: {
    changeset: { type: 'string', format: 'date-time' },
    contact: { type: 'string' },
    key_service: { type: 'string' },
    endpoints: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['specification', 'url', 'changeset', 'type', 'formats'],
        properties: {
          specification: { type: 'string', format: 'uri' },
          url: { type: 'string', format: 'uri' },
          changeset: { type: 'string', format: 'date-time' },
          type: { type: 'string', enum: ['production', 'test'] },
          formats: { type: 'array', items: { type: 'string' } },
        },
      },
    },
  },
};
const arrayOf = (items: Schema): Schema => ({ type: 'array', items });

export const open311Schemas = {
  discovery: { schema: discoverySchema, root: 'discovery' },
  services: { schema: read('services.json'), root: 'services' },
  serviceDefinition: { schema: read('service-definition.json'), root: 'service_definition' },
  requests: { schema: read('requests.json'), root: 'service_requests' },
  postResponse: { schema: arrayOf(swagger.definitions.RequestResponse!), root: 'service_requests' },
  tokens: { schema: arrayOf(swagger.definitions.TokenResponse!), root: 'service_requests' },
  errors: { schema: errorsSchema, root: 'errors' },
} as const;
export type Open311Kind = keyof typeof open311Schemas;

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
ajv.addFormat('uid', true);
ajv.addSchema(read('request.json'), 'request.json');
ajv.addSchema(read('service.json'), 'service.json');
const validators = new Map<Open311Kind, ValidateFunction>();

/** The schema problems of a JSON value, [] when it conforms. */
export function open311JsonProblems(kind: Open311Kind, value: unknown): string[] {
  let validate = validators.get(kind);
  if (!validate) validators.set(kind, (validate = ajv.compile(open311Schemas[kind].schema)));
  return validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
}

const ITEMS: Record<string, string> = {
  services: 'service',
  service_requests: 'request',
  errors: 'error',
  endpoints: 'endpoint',
  formats: 'format',
  attributes: 'attribute',
  values: 'value',
};

const resolve = (schema: Schema): Schema => {
  if (typeof schema.$ref === 'string') return resolve(read(schema.$ref));
  return schema;
};

/** Reads an XML node into the value the schema describes; throws on a wrong element name. */
function typed(node: unknown, schema: Schema, name: string): unknown {
  const s = resolve(schema);
  const variants = (s.anyOf as Schema[] | undefined) ?? [s];
  if (node === '' && variants.some((v) => v.type === 'null')) return null;
  const main = variants.find((v) => v.type !== 'null') ?? s;
  const type = main.type ?? (main.properties ? 'object' : undefined);
  if (type === 'array') {
    const item = ITEMS[name];
    if (!item) throw new Error(`unexpected list element <${name}>`);
    if (node === '') return [];
    const obj = node as Record<string, unknown>;
    const extra = Object.keys(obj).filter((k) => k !== item);
    if (extra.length) throw new Error(`<${name}> holds <${extra.join('>, <')}> instead of <${item}>`);
    return ((obj[item] as unknown[]) ?? []).map((v) => typed(v, (main.items as Schema) ?? {}, item));
  }
  if (type === 'object') {
    if (typeof node !== 'object' || node === null) return node;
    const props = (main.properties as Record<string, Schema> | undefined) ?? {};
    return Object.fromEntries(
      Object.entries(node as Record<string, unknown>).map(([k, v]) => [k, props[k] ? typed(v, props[k]!, k) : v]),
    );
  }
  if (typeof node !== 'string') return node;
  if (type === 'number' || type === 'integer') return node === '' ? node : Number(node);
  if (type === 'boolean') return node === 'true' ? true : node === 'false' ? false : node;
  return node;
}

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: false,
  isArray: (tag) => Object.values(ITEMS).includes(tag),
});

/** The XML document read into JSON values per the schema of `kind`; its root must be the spec's. */
export function open311XmlValue(kind: Open311Kind, xml: string): unknown {
  if (!xml.startsWith('<?xml')) throw new Error('no XML declaration');
  const doc = parser.parse(xml) as Record<string, unknown>;
  const { root, schema } = open311Schemas[kind];
  const roots = Object.keys(doc).filter((k) => k !== '?xml');
  if (roots.length !== 1 || roots[0] !== root) throw new Error(`root <${roots.join('>, <')}>, expected <${root}>`);
  return typed(doc[root], schema as Schema, root);
}

export function open311XmlProblems(kind: Open311Kind, xml: string): string[] {
  return open311JsonProblems(kind, open311XmlValue(kind, xml));
}
