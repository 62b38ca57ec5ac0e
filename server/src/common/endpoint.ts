// One decorator declares everything about a route that is not HTTP plumbing: the zod schemas of
// its input and output (validated by ValidationInterceptor, documented by the OpenAPI builder),
// who may call it (checked by AuthGuard) and which error codes it can answer with.
import { applyDecorators, HttpCode, SetMetadata } from '@nestjs/common';
import type { ZodType } from 'zod';

export type Access = 'public' | 'authenticated' | readonly string[];

export interface EndpointSpec {
  summary: string;
  description?: string;
  tags?: string[];
  /** 'public' (default), any signed-in user, or the roles that may call it. */
  access?: Access;
  body?: ZodType;
  query?: ZodType;
  params?: ZodType;
  response?: ZodType;
  status?: number;
  errors?: string[];
  /** Hide from the OpenAPI document (demo-only routes). */
  hidden?: boolean;
}

export const ENDPOINT_METADATA = 'hotline:endpoint';

export const Endpoint = (spec: EndpointSpec) =>
  applyDecorators(SetMetadata(ENDPOINT_METADATA, spec), HttpCode(spec.status ?? 200));
