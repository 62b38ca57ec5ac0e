// H5: EventSource on GET /api/me/events. An EventSource sends no headers, and an access token in a
// URL ends up in logs and histories, so each connection first takes a one-time ticket (POST
// /api/me/events/tickets) and the URL carries only that. The browser's own reconnect would replay
// the spent ticket, so on an error the stream is closed and opened again with a new ticket,
// resuming after the last event seen. While there is no stream (offline, a session that ended, or
// TOO_MANY_STREAMS when this person has the most tabs open) the counts are read on a timer; the
// ticket is a background request, so its refusal never signs anyone out by itself. The `queue`
// event carries a unit's short summary, so it is taken as a signal to read the full counts.
import { liveEventsPath } from '@hotline/api-client';
import { inboxItemSchema } from '@hotline/core';
import { apiBaseUrl } from '@/platform';
import { api } from '@/services/api';
import { POLL_MS, type LiveSource } from './types';

/** The longest wait before trying the stream again. */
export const RECONNECT_MAX_MS = 30_000;

interface LiveDeps {
  ticket(): Promise<{ ticket: string }>;
  EventSource: typeof EventSource | undefined;
  baseUrl: string;
}

export function createLiveSource(deps: LiveDeps): LiveSource {
  return (_token, handlers) => {
    const Source = deps.EventSource;
    if (!Source) return () => {};
    let closed = false;
    let source: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | null = null;
    let poll: ReturnType<typeof setInterval> | null = null;
    let lastEventId: string | null = null;
    let failures = 0;

    const polling = () => {
      handlers.onMode?.('polling');
      poll ??= setInterval(() => handlers.onQueueChanged(), POLL_MS);
    };
    const later = () => {
      if (closed) return;
      polling();
      failures += 1;
      retry = setTimeout(() => void connect(), Math.min(RECONNECT_MAX_MS, 1000 * 2 ** (failures - 1)));
    };
    const connect = async () => {
      retry = null;
      let ticket: string;
      try {
        ticket = (await deps.ticket()).ticket;
      } catch {
        later();
        return;
      }
      if (closed) return;
      const opened = new Source(deps.baseUrl + liveEventsPath(ticket, lastEventId));
      source = opened;
      opened.addEventListener('open', () => {
        failures = 0;
        if (poll) clearInterval(poll);
        poll = null;
        handlers.onMode?.('live');
      });
      opened.addEventListener('queue', () => handlers.onQueueChanged());
      opened.addEventListener('inbox', (event) => {
        const message = event as MessageEvent<string>;
        if (message.lastEventId) lastEventId = message.lastEventId;
        const item = inboxItemSchema.safeParse(JSON.parse(message.data));
        if (item.success) handlers.onInbox?.(item.data);
      });
      opened.addEventListener('error', () => {
        opened.close();
        if (source !== opened) return;
        source = null;
        later();
      });
    };

    void connect();
    return () => {
      closed = true;
      source?.close();
      if (retry) clearTimeout(retry);
      if (poll) clearInterval(poll);
    };
  };
}

export const openLive: LiveSource = createLiveSource({
  ticket: () => api.streamTicket(),
  EventSource: typeof EventSource === 'undefined' ? undefined : EventSource,
  baseUrl: apiBaseUrl,
});
