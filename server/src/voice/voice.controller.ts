// Voice input: whether the server turns speech into text, and one recording's transcription.
import { Controller, Get, Post, Query, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import {
  DomainError,
  transcriptionQuerySchema,
  transcriptionSchema,
  VOICE_MAX_BYTES,
  voiceSettingsSchema,
  type Transcription,
  type TranscriptionQuery,
  type VoiceSettings,
} from '@hotline/core';
import { CurrentPrincipal } from '../auth/auth.guard';
import type { Principal } from '../auth/tokens';
import { AppError } from '../common/app-error';
import { Endpoint } from '../common/endpoint';
import { VoiceService } from './voice.service';

interface MultipartRequest {
  isMultipart(): boolean;
  file(options?: { limits?: { fileSize?: number } }): Promise<{ toBuffer(): Promise<Buffer>; file: { truncated: boolean } } | undefined>;
}

const noFile = () =>
  new AppError('VALIDATION_FAILED', '请以 multipart/form-data 上传录音', [{ field: 'file', code: 'required', message: '缺少录音文件' }]);

@Controller('voice')
export class VoiceController {
  constructor(private readonly voice: VoiceService) {}

  @Get()
  @Endpoint({
    summary: '语音输入是否可用',
    description: '未配置语音识别服务时 enabled 为 false，客户端只提供文字输入；演示模式下 demo 为 true（识别结果是示例文字）。',
    tags: ['voice'],
    access: 'public',
    response: voiceSettingsSchema,
  })
  settings(): VoiceSettings {
    return this.voice.settings();
  }

  @Post('transcriptions')
  @Endpoint({
    summary: '识别一段录音',
    description:
      'multipart/form-data，字段名 file：一句话（≤60秒、≤1MB，mp3/aac/m4a/wav，16kHz 单声道普通话）。按内容核对格式；每人每小时次数有限。录音不保存，返回识别出的文字供用户核对。',
    tags: ['voice'],
    access: 'authenticated',
    query: transcriptionQuerySchema,
    response: transcriptionSchema,
    errors: [
      'VALIDATION_FAILED',
      'VOICE_NOT_AVAILABLE',
      'VOICE_FORMAT_UNSUPPORTED',
      'VOICE_TOO_LARGE',
      'VOICE_TOO_LONG',
      'VOICE_NOT_HEARD',
      'VOICE_SERVICE_FAILED',
      'RATE_LIMITED',
    ],
  })
  async transcribe(
    @CurrentPrincipal() principal: Principal,
    @Query() query: TranscriptionQuery,
    @Req() request: FastifyRequest,
  ): Promise<Transcription> {
    const req = request as unknown as MultipartRequest;
    if (!req.isMultipart()) throw noFile();
    const file = await req.file({ limits: { fileSize: VOICE_MAX_BYTES } });
    if (!file) throw noFile();
    let audio: Buffer;
    try {
      audio = await file.toBuffer();
    } catch (err) {
      if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw new DomainError('VOICE_TOO_LARGE');
      throw err;
    }
    if (file.file.truncated) throw new DomainError('VOICE_TOO_LARGE');
    if (audio.length === 0) throw noFile();
    return this.voice.transcribe(principal, audio, query);
  }
}
