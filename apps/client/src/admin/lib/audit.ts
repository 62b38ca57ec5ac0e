// What an audit entry changed, field by field, in short text: a creation lists what it set, a
// deletion what it removed, an update only the fields whose value moved.
import type { AdminAuditEntry } from '@hotline/core';

export interface FieldChange {
  field: string;
  before: string;
  after: string;
}

const EMPTY = '∅';
const IGNORED = new Set(['version']);

function show(value: unknown): string {
  if (value === undefined || value === null) return EMPTY;
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

function asRecord(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

export function changedFields(entry: Pick<AdminAuditEntry, 'before' | 'after'>): FieldChange[] {
  const before = asRecord(entry.before);
  const after = asRecord(entry.after);
  const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return fields
    .filter((f) => !IGNORED.has(f) && JSON.stringify(before[f]) !== JSON.stringify(after[f]))
    .map((field) => ({ field, before: show(before[field]), after: show(after[field]) }));
}
