// How long a closed case keeps its filer's personal data (PIPL: no longer than needed). After the
// period the case and its statistics stay, but name, phone, exact address and point, and the
// resident's photos (unless the admin keeps them) are gone.
import { z } from 'zod';

export const retentionPolicySchema = z.strictObject({
  /** Days after a case closed before its personal data is anonymised. */
  anonymiseAfterDays: z.number().int().min(30).max(36_500),
  /** The resident's photos may show people and plates: removed by default. */
  photos: z.enum(['remove', 'keep']),
});
export type RetentionPolicy = z.infer<typeof retentionPolicySchema>;

export const defaultRetentionPolicy: RetentionPolicy = { anonymiseAfterDays: 3 * 365, photos: 'remove' };

/** Cases closed before this instant are due for anonymising. */
export function anonymiseCutoff(now: Date, policy: RetentionPolicy): Date {
  return new Date(now.getTime() - policy.anonymiseAfterDays * 86_400_000);
}

export const retentionResponseSchema = retentionPolicySchema.extend({ isDefault: z.boolean() });
export type RetentionResponse = z.infer<typeof retentionResponseSchema>;
