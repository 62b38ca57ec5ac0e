// Wire shape of the public category tree residents pick from when they file a demand.
import { z } from 'zod';
import { type CategoryQuestion, categoryQuestionSchema } from '../category-questions';

const demandTypeSchema = z.enum(['consultation', 'help', 'complaint', 'report', 'suggestion', 'praise']);

export interface CategoryNode {
  code: string;
  name: string;
  /** Only leaves may be filed under. */
  leaf: boolean;
  defaultDemandType: z.infer<typeof demandTypeSchema> | null;
  /** Whose duty the matter is by the catalogue: a county department, or the township. */
  duty: 'county' | 'township' | null;
  /** What a leaf asks of whoever files under it, in order (empty for parents). */
  questions: CategoryQuestion[];
  children: CategoryNode[];
}

export const categoryNodeSchema: z.ZodType<CategoryNode> = z.lazy(() =>
  z.object({
    code: z.string(),
    name: z.string(),
    leaf: z.boolean(),
    defaultDemandType: demandTypeSchema.nullable(),
    duty: z.enum(['county', 'township']).nullable(),
    questions: z.array(categoryQuestionSchema),
    children: z.array(categoryNodeSchema),
  }),
);

export const categoryTreeResponseSchema = z.object({ items: z.array(categoryNodeSchema) });
export type CategoryTreeResponse = z.infer<typeof categoryTreeResponseSchema>;
