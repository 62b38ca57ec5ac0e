// Rows to wire shapes, so a new column never leaks into a response.
import type { InboxItem } from '@hotline/core';
import type { InboxRow, OutboxRow } from './notifications.repository';

export const toInboxItem = (row: InboxRow): InboxItem => ({
  id: Number(row.id),
  caseId: row.case_id,
  kind: row.kind,
  title: row.title,
  body: row.body,
  link: row.link,
  createdAt: row.created_at,
  readAt: row.read_at,
});

export const toDeadNotification = (row: OutboxRow) => ({
  id: Number(row.id),
  caseId: row.case_id,
  kind: row.kind,
  channel: row.channel,
  recipient: row.recipient,
  attempts: row.attempts,
  lastError: row.last_error,
  updatedAt: row.updated_at,
});
