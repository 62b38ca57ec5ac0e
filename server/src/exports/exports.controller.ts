// HTTP for the exports: a queue tab's cases and the measures table, as a streamed CSV or XLSX
// download. Input errors answer with the JSON error shape before the first byte of the file.
import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import {
  caseExportQuerySchema,
  exportContentTypes,
  measuresExportQuerySchema,
  queueTabParamsSchema,
  type CaseExportQuery,
  type ErrorCode,
  type MeasuresExportQuery,
  type QueueTab,
} from '@hotline/core';
import { CurrentPrincipal } from '../auth/auth.guard';
import type { Principal } from '../auth/tokens';
import { Endpoint } from '../common/endpoint';
import { ExportsService, type ExportFile } from './exports.service';
import { contentDisposition } from './table-writers';

const tags = ['exports'];
const errors: ErrorCode[] = ['UNAUTHENTICATED', 'FORBIDDEN', 'VALIDATION_FAILED'];

function send(reply: FastifyReply, file: ExportFile) {
  return reply
    .header('content-type', exportContentTypes[file.format])
    .header('content-disposition', contentDisposition(file.fileName, file.asciiFileName))
    .header('cache-control', 'no-store')
    .send(file.stream);
}

@Controller()
export class ExportsController {
  constructor(private readonly exports: ExportsService) {}

  @Get('queues/:tab/export')
  @Endpoint({
    summary: '导出工单队列（CSV 或 XLSX，流式下载）',
    description:
      '与队列列表相同的筛选条件、范围与排序；诉求人姓名和电话按列表的规则脱敏。CSV 为带 BOM 的 UTF-8。每次导出记入管理审计（对象 export）。时段不超过5年；未知的单位、分类、乡镇答 400。',
    tags,
    access: 'exports.cases',
    params: queueTabParamsSchema,
    query: caseExportQuerySchema,
    errors,
  })
  async cases(
    @CurrentPrincipal() p: Principal,
    @Param() params: { tab: QueueTab },
    @Query() query: CaseExportQuery,
    @Res() reply: FastifyReply,
  ) {
    return send(reply, await this.exports.cases(p, params.tab, query));
  }

  @Get('analytics/measures/export')
  @Endpoint({
    summary: '导出考核指标表（CSV 或 XLSX）',
    description: '与考核指标页面相同的查询条件（时段、分组、筛选）与权限；比率以百分数写出。每次导出记入管理审计。',
    tags,
    access: 'analytics.read',
    query: measuresExportQuerySchema,
    errors,
  })
  async measures(@CurrentPrincipal() p: Principal, @Query() query: MeasuresExportQuery, @Res() reply: FastifyReply) {
    return send(reply, await this.exports.measuresFile(p, query));
  }
}
