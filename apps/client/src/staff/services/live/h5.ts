// H5: EventSource on GET /api/me/events (the token rides in ?access_token=, EventSource sends no
// headers). The browser reconnects by itself, sending Last-Event-ID. The stream's `queue` event
// carries a unit's short summary, so it is taken as a signal to read the full counts.
import { inboxItemSchema } from '@hotline/core';
import { apiBaseUrl } from '@/platform';
import type { LiveSource } from './types';

export const openLive: LiveSource = (token, handlers) => {
  if (typeof EventSource === 'undefined') return () => {};
  const source = new EventSource(`${apiBaseUrl}/me/events?access_token=${encodeURIComponent(token)}`);
  source.addEventListener('open', () => handlers.onMode?.('live'));
  source.addEventListener('queue', () => handlers.onQueueChanged());
  source.addEventListener('inbox', (event) => {
    const item = inboxItemSchema.safeParse(JSON.parse((event as MessageEvent<string>).data));
    if (item.success) handlers.onInbox?.(item.data);
  });
  return () => source.close();
};
