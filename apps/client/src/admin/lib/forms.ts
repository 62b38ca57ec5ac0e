// Forms check with the same zod schemas the API checks with, and show the server's refusals beside
// the field they name: zod problems ({ field, message }[]) and domain errors ({ field }).
import { isApiError } from '@hotline/api-client';
import type { ZodType } from 'zod';
import { zhCN } from 'zod/v4/locales';
import { errorMessage } from '@/locales/errors';

/** zod's own messages in Chinese where a schema gives none of its own. */
const { localeError } = zhCN();

export type FieldErrors = Record<string, string>;

export type Checked<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors };

export function check<T>(schema: ZodType<T>, value: unknown): Checked<T> {
  const result = schema.safeParse(value, { error: localeError });
  if (result.success) return { ok: true, data: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = issue.path.map(String).join('.') || 'form';
    errors[field] ??= issue.message;
  }
  return { ok: false, errors };
}

export interface Refusal {
  code: string | null;
  /** Messages by field (dotted path as the request spelled it); the rest under `form`. */
  fields: FieldErrors;
}

export function refusalOf(error: unknown): Refusal {
  if (!isApiError(error)) return { code: null, fields: { form: String(error) } };
  const fields: FieldErrors = {};
  const details = error.details;
  if (Array.isArray(details)) {
    for (const d of details as { field?: string; message?: string }[]) {
      if (d.field && d.message) fields[d.field] ??= d.message;
    }
  } else if (details && typeof details === 'object' && typeof (details as { field?: unknown }).field === 'string') {
    fields[(details as { field: string }).field] = error.message;
  }
  if (Object.keys(fields).length === 0) fields.form = error.message || errorMessage(error);
  return { code: error.code, fields };
}

/** The first message under a field or any of its sub-fields (`newArea` shows `newArea.boundary.coordinates`). */
export function errorAt(errors: FieldErrors, field: string): string | undefined {
  if (errors[field]) return errors[field];
  const nested = Object.keys(errors).find((k) => k.startsWith(`${field}.`));
  return nested ? errors[nested] : undefined;
}
