// One decorator declares everything about a route that is not HTTP plumbing: the zod schemas of
// its input and output (validated by ValidationGuard, documented by the OpenAPI builder),
// who may call it (checked by AuthGuard; a route without @Endpoint is refused) and which error codes it can answer with.
import { applyDecorators, HttpCode, SetMetadata } from '@nestjs/common';
import type { ErrorCode, Permission } from '@hotline/core';
import type { ZodType } from 'zod';

/** Anyone, any signed-in user, or the roles holding a permission of core's permission map. */
export type Access = 'public' | 'authenticated' | Permission;

export interface EndpointSpec {
  summary: string;
  description?: string;
  tags?: string[];
  /** Required: a route without a declared access rule is refused, never public by accident. */
  access: Access;
  body?: ZodType;
  query?: ZodType;
  params?: ZodType;
  response?: ZodType;
  status?: number;
  /** The catalogue codes (packages/core/src/errors.ts) the route may answer with; the catalogue gives their status. */
  errors?: readonly ErrorCode[];
  /** Hide from the OpenAPI document (demo-only routes). */
  hidden?: boolean;
}

export const ENDPOINT_METADATA = 'hotline:endpoint';

export const Endpoint = (spec: EndpointSpec) =>
  applyDecorators(SetMetadata(ENDPOINT_METADATA, spec), HttpCode(spec.status ?? 200));
