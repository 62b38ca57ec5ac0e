// Wire shapes of the public knowledge-base search.
import { z } from 'zod';

export const knowledgeQuerySchema = z.strictObject({
  q: z.string().trim().min(1).max(100),
  limit: z.coerce.number().int().min(1).max(20).default(10),
});
export type KnowledgeQuery = z.infer<typeof knowledgeQuerySchema>;

export const knowledgeEntrySchema = z.object({
  id: z.string(),
  code: z.string(),
  title: z.string(),
  answer: z.string(),
  categoryCode: z.string().nullable(),
  /** How many two-character pieces of the question the entry contains. */
  score: z.number().int(),
});

export const knowledgeSearchResponseSchema = z.object({ items: z.array(knowledgeEntrySchema) });
export type KnowledgeSearchResponse = z.infer<typeof knowledgeSearchResponseSchema>;
