// Sign-in wire shapes. The demo login exists only in demo mode (HOTLINE_DEMO=1).
import { z } from 'zod';
import { roles } from '../vocabulary';

export const devLoginRequestSchema = z.strictObject({
  role: z.enum(roles),
  unitCode: z.string().min(1).max(32).optional(),
});
export type DevLoginRequest = z.infer<typeof devLoginRequestSchema>;

export const sessionUserSchema = z.object({
  id: z.string(),
  role: z.enum(roles),
  name: z.string(),
  unitId: z.string().nullable(),
  unitName: z.string().nullable(),
});
export type SessionUser = z.infer<typeof sessionUserSchema>;

export const tokenResponseSchema = z.object({
  accessToken: z.string(),
  tokenType: z.literal('Bearer'),
  expiresIn: z.number().int(),
  user: sessionUserSchema,
});
export type TokenResponse = z.infer<typeof tokenResponseSchema>;
