// Wire shapes of uploaded photos: what an upload answers, and the signed URL's query.
import { z } from 'zod';

export const mediaMimeTypes = ['image/jpeg', 'image/png', 'image/webp', 'image/heic'] as const;

export const mediaResponseSchema = z.object({
  id: z.string(),
  /** What the server stored: every photo is re-encoded (JPEG), without EXIF or GPS. */
  mime: z.string(),
  width: z.number().int(),
  height: z.number().int(),
  bytes: z.number().int(),
  /** Signed, expiring URLs; ask again (e.g. read the case) for fresh ones. */
  url: z.string(),
  thumbUrl: z.string(),
  urlExpiresAt: z.string(),
});
export type MediaResponse = z.infer<typeof mediaResponseSchema>;

export const mediaParamsSchema = z.strictObject({ id: z.uuid() });

export const mediaQuerySchema = z.strictObject({
  exp: z.coerce.number().int().positive(),
  sig: z.string().regex(/^[\w-]{20,100}$/),
  variant: z.enum(['original', 'thumb']).default('original'),
});
export type MediaQuery = z.infer<typeof mediaQuerySchema>;
