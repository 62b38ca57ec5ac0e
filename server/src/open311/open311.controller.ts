// HTTP for Open311 GeoReport v2 at /open311/v2 (the spec's own paths, each in .json and .xml).
// Errors answer as the spec's list of {code, description} in the asked format (Open311ErrorFilter).
import { Controller, Get, Headers, Param, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../common/app-error';
import { Endpoint } from '../common/endpoint';
import { Open311ErrorFilter } from './open311-error.filter';
import { Open311Api, type RequestsQuery } from './open311.service';
import { toOpen311Xml } from './open311.xml';

type Format = 'json' | 'xml';

function split(file: string): { name: string; format: Format } {
  const m = /^(.+)\.(json|xml)$/.exec(file);
  if (!m) throw new AppError('ROUTE_NOT_FOUND', '网址须以 .json 或 .xml 结尾');
  return { name: m[1]!, format: m[2] as Format };
}

const originOf = (req: FastifyRequest): string => `${req.protocol}://${req.host}`;

/** Sends the value as JSON, or as XML under its root element. */
function send(reply: FastifyReply, format: Format, root: string, value: unknown, status = 200): void {
  if (format === 'xml') void reply.status(status).header('content-type', 'text/xml; charset=utf-8').send(toOpen311Xml(root, value));
  else void reply.status(status).header('content-type', 'application/json; charset=utf-8').send(JSON.stringify(value));
}

const ROOTS = { discovery: 'discovery', services: 'services', requests: 'service_requests' } as const;

@Controller('open311/v2')
@UseFilters(Open311ErrorFilter)
export class Open311Controller {
  constructor(private readonly open311: Open311Api) {}

  @Get(':document')
  @Endpoint({ summary: 'Open311 发现、服务列表与诉求查询', access: 'public', hidden: true })
  async document(
    @Param('document') document: string,
    @Query() query: RequestsQuery,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const { name, format } = split(document);
    if (name === 'discovery') return send(reply, format, ROOTS.discovery, this.open311.discovery(originOf(req)));
    if (name === 'services') return send(reply, format, ROOTS.services, await this.open311.services());
    if (name === 'requests') return send(reply, format, ROOTS.requests, await this.open311.requests(query, originOf(req)));
    throw new AppError('ROUTE_NOT_FOUND', `没有 ${name} 这个资源`);
  }

  @Get('services/:file')
  @Endpoint({ summary: 'Open311 服务定义', access: 'public', hidden: true })
  async service(@Param('file') file: string, @Res() reply: FastifyReply): Promise<void> {
    const { name, format } = split(file);
    send(reply, format, 'service_definition', await this.open311.serviceDefinition(name));
  }

  @Get(['requests/:file', 'request/:file'])
  @Endpoint({ summary: 'Open311 单个诉求', access: 'public', hidden: true })
  async request(@Param('file') file: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const { name, format } = split(file);
    send(reply, format, ROOTS.requests, await this.open311.request(name, originOf(req)));
  }

  @Get('tokens/:file')
  @Endpoint({ summary: 'Open311 令牌换诉求编号', access: 'public', hidden: true })
  async token(@Param('file') file: string, @Res() reply: FastifyReply): Promise<void> {
    const { name, format } = split(file);
    send(reply, format, ROOTS.requests, await this.open311.token(name));
  }

  /** The spec posts a form (application/x-www-form-urlencoded); parameters in the query string count too. */
  @Post(':document')
  @Endpoint({ summary: 'Open311 提交诉求', access: 'public', hidden: true })
  async create(
    @Param('document') document: string,
    @Req() req: FastifyRequest,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const { name, format } = split(document);
    if (name !== 'requests') throw new AppError('ROUTE_NOT_FOUND', `不能向 ${name} 提交`);
    const params = new URLSearchParams(req.url.split('?')[1] ?? '');
    for (const [k, v] of formOf(req.body)) params.append(k, v);
    const created = await this.open311.create(params, idempotencyKey);
    if (created.replayed) void reply.header('idempotent-replayed', 'true');
    send(reply, format, ROOTS.requests, created.body);
  }
}

function formOf(body: unknown): URLSearchParams {
  if (body instanceof URLSearchParams) return body;
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
      for (const item of Array.isArray(v) ? v : [v]) if (item !== null && item !== undefined) params.append(k, String(item));
    }
    return params;
  }
  return new URLSearchParams();
}
