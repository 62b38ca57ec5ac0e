// Wire shapes of typical cases made public (典型案例): the resident's consent, the centre's
// moderation draft, and what anyone may read without signing in.
import { z } from 'zod';

export const publishConsentRequestSchema = z.strictObject({ consent: z.boolean() });
export type PublishConsentRequest = z.infer<typeof publishConsentRequestSchema>;
export const publishConsentResponseSchema = z.object({ consent: z.boolean(), at: z.string().nullable() });
export type PublishConsentResponse = z.infer<typeof publishConsentResponseSchema>;

/** How the filer is named in public: surname + 先生 or 女士, as the moderator judges. */
export const filerTitles = ['mr', 'ms'] as const;
export const filerTitleText = { mr: '先生', ms: '女士' } as const;

export const createDisclosureRequestSchema = z.strictObject({
  caseId: z.uuid(),
  filerTitle: z.enum(filerTitles),
});
export type CreateDisclosureRequest = z.infer<typeof createDisclosureRequestSchema>;

/** A rectangle to blur, as fractions of the photo's width and height (0–1). */
export const blurRectSchema = z
  .strictObject({ x: z.number().min(0).max(1), y: z.number().min(0).max(1), w: z.number().gt(0).max(1), h: z.number().gt(0).max(1) })
  .refine((r) => r.x + r.w <= 1.0001 && r.y + r.h <= 1.0001, '区域超出照片范围');

export const updateDisclosureRequestSchema = z.strictObject({
  title: z.string().trim().min(4).max(60).optional(),
  description: z.string().trim().min(5).max(2000).optional(),
  reply: z.string().trim().min(2).max(2000).optional(),
  /** The photos to publish, each with the areas to blur (faces, plates); photos not listed are left out. */
  photos: z
    .array(z.strictObject({ mediaId: z.uuid(), blur: z.array(blurRectSchema).max(20).default([]) }))
    .max(6)
    .optional(),
});
export type UpdateDisclosureRequest = z.infer<typeof updateDisclosureRequestSchema>;

export const disclosureStatuses = ['draft', 'published', 'unpublished'] as const;

const publicStepSchema = z.object({
  type: z.string(),
  /** Day only. */
  date: z.string(),
  /** The unit that took the step, or 12345热线; residents are never named. */
  actor: z.string(),
});

export const publicCaseSummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  categoryCode: z.string().nullable(),
  categoryName: z.string().nullable(),
  townshipCode: z.string().nullable(),
  townshipName: z.string().nullable(),
  /** The address cut to its road. */
  road: z.string().nullable(),
  /** Rounded to about 100 m: enough for the map, not the doorstep. */
  point: z.object({ lat: z.number(), lng: z.number() }).nullable(),
  filedDate: z.string(),
  closedDate: z.string().nullable(),
  publishedAt: z.string().nullable(),
});
export type PublicCaseSummary = z.infer<typeof publicCaseSummarySchema>;

export const publicCaseDetailSchema = publicCaseSummarySchema.extend({
  description: z.string(),
  reply: z.string().nullable(),
  replyUnitName: z.string().nullable(),
  steps: z.array(publicStepSchema),
  /** Redacted copies made at moderation, served without sign-in. */
  photoUrls: z.array(z.string()),
});
export type PublicCaseDetail = z.infer<typeof publicCaseDetailSchema>;

export const publicCasesQuerySchema = z.strictObject({
  category: z.string().trim().min(1).max(32).optional(),
  township: z.string().trim().min(1).max(32).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export type PublicCasesQuery = z.infer<typeof publicCasesQuerySchema>;
export const publicCasesResponseSchema = z.object({ items: z.array(publicCaseSummarySchema) });
export type PublicCasesResponse = z.infer<typeof publicCasesResponseSchema>;

export const disclosureSchema = publicCaseDetailSchema.extend({
  caseId: z.string(),
  trackingNumber: z.string(),
  status: z.enum(disclosureStatuses),
  anonymous: z.boolean(),
  consent: z.boolean(),
  /** The case's photos the moderator may choose from (signed, expiring URLs). */
  candidatePhotos: z.array(z.object({ mediaId: z.string(), url: z.string() })),
  chosenPhotos: z.array(z.object({ mediaId: z.string(), blur: z.array(blurRectSchema) })),
});
export type Disclosure = z.infer<typeof disclosureSchema>;
export const disclosureListSchema = z.object({ items: z.array(disclosureSchema.pick({ id: true, caseId: true, trackingNumber: true, title: true, status: true, publishedAt: true })) });
