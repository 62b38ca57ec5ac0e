// Wire shapes every endpoint shares: the health report and the one error shape.
import { z } from 'zod';

export const healthResponseSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  database: z.enum(['sqlite', 'postgres']),
  version: z.string(),
  demo: z.boolean(),
  time: z.string(),
});
export type HealthResponse = z.infer<typeof healthResponseSchema>;

/** Every failure of the API answers with this body, whatever its status. */
export const errorResponseSchema = z.object({
  code: z.string(),
  message: z.string(),
  requestId: z.string(),
  details: z.unknown().optional(),
});
export type ErrorResponse = z.infer<typeof errorResponseSchema>;
