import { Controller, Get, Header, Inject } from '@nestjs/common';
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
  openapi(): Record<string, unknown> {
    return this.builder.document({ title: 'Hotline 12345 API', version: this.config.version }, 'api');
  }

  @Get('docs')
  @Header('content-type', 'text/html; charset=utf-8')
  docs(): string {
    return docsPage;
  }

  @Get('docs/assets/init.js')
  @Header('content-type', 'application/javascript; charset=utf-8')
  init(): string {
    return "window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#ui' });";
  }
}
