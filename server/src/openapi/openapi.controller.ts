import { Controller, Get, Header, Inject } from '@nestjs/common';
import { Endpoint } from '../common/endpoint';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { OpenApiBuilder } from './openapi.builder';

const docsPage = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>Hotline API</title>
<link rel="stylesheet" href="/api/docs/assets/swagger-ui.css"></head>
<body><div id="ui"></div>
<script src="/api/docs/assets/swagger-ui-bundle.js"></script>
<script src="/api/docs/assets/init.js"></script></body></html>`;

@Controller()
export class OpenApiController {
  constructor(
    private readonly builder: OpenApiBuilder,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('openapi.json')
  @Endpoint({ summary: 'OpenAPI 文档', access: 'public', hidden: true })
  openapi(): Record<string, unknown> {
    return this.builder.document({ title: 'Hotline 12345 API', version: this.config.version }, 'api');
  }

  @Get('docs')
  @Endpoint({ summary: 'API 文档页面', access: 'public', hidden: true })
  @Header('content-type', 'text/html; charset=utf-8')
  docs(): string {
    return docsPage;
  }

  @Get('docs/assets/init.js')
  @Endpoint({ summary: 'API 文档页面脚本', access: 'public', hidden: true })
  @Header('content-type', 'application/javascript; charset=utf-8')
  init(): string {
    return "window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#ui' });";
  }
}
