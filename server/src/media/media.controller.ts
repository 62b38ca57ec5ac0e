// Photo upload (multipart, field "file") and signed read-back.
import { Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  DomainError,
  mediaParamsSchema,
  mediaQuerySchema,
  mediaResponseSchema,
  type MediaQuery,
  type MediaResponse,
} from '@hotline/core';
import { AppError } from '../common/app-error';
import { Endpoint } from '../common/endpoint';
import { CurrentPrincipal } from '../auth/auth.guard';
import type { Principal } from '../auth/tokens';
import { MediaService } from './media.service';

/** What @fastify/multipart adds to a request (its type augmentation does not reach the server's fastify copy). */
interface MultipartRequest {
  isMultipart(): boolean;
  file(): Promise<{ toBuffer(): Promise<Buffer>; file: { truncated: boolean } } | undefined>;
}

@Controller('media')
export class MediaController {
  constructor(private readonly media: MediaService) {}

  @Post()
  @Endpoint({
    summary: '上传照片',
    description:
      'multipart/form-data，字段名 file，一次一张。按内容识别 JPEG/PNG/WebP/HEIC，≤10MB、≤4000万像素；服务器重新编码为 JPEG（去除 EXIF/GPS）并生成缩略图。返回的地址带签名，1小时内有效。',
    tags: ['media'],
    access: 'authenticated',
    status: 201,
    response: mediaResponseSchema,
    errors: ['VALIDATION_FAILED', 'MEDIA_TYPE_UNSUPPORTED', 'MEDIA_TOO_LARGE', 'MEDIA_QUOTA_EXCEEDED', 'MEDIA_BUSY'],
  })
  async upload(@CurrentPrincipal() principal: Principal, @Req() request: FastifyRequest): Promise<MediaResponse> {
    const req = request as unknown as MultipartRequest;
    if (!req.isMultipart()) {
      throw new AppError('VALIDATION_FAILED', '请以 multipart/form-data 上传照片', [
        { field: 'file', code: 'required', message: '缺少照片文件' },
      ]);
    }
    const file = await req.file();
    if (!file)
      throw new AppError('VALIDATION_FAILED', '缺少照片文件', [
        { field: 'file', code: 'required', message: '缺少照片文件' },
      ]);
    let bytes: Buffer;
    try {
      bytes = await file.toBuffer();
    } catch (err) {
      if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw new DomainError('MEDIA_TOO_LARGE');
      throw err;
    }
    // Past the size limit the stream is cut short; never treat the cut-off part as a photo.
    if (file.file.truncated) throw new DomainError('MEDIA_TOO_LARGE');
    return this.media.upload(principal, bytes);
  }

  @Get(':id')
  @Endpoint({
    summary: '读取照片（签名地址）',
    description: '地址由上传或查看工单时返回；过期或签名不符时与不存在的照片一样返回 404。',
    tags: ['media'],
    access: 'public',
    params: mediaParamsSchema,
    query: mediaQuerySchema,
    errors: ['MEDIA_NOT_FOUND'],
  })
  async read(
    @Param() params: { id: string },
    @Query() query: MediaQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const { bytes, mime, maxAge } = await this.media.read(params.id, query.variant, query.exp, query.sig);
    void reply
      .header('content-type', mime)
      .header('cache-control', `private, max-age=${maxAge}`)
      .header('x-content-type-options', 'nosniff');
    return bytes;
  }
}
