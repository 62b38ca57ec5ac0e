import type { InboxItem } from '@hotline/core';

/** How often counts are read when there is no live stream. */
export const POLL_MS = 20_000;

export interface LiveHandlers {
  /** The user's queues changed (or may have): read the counts again. */
  onQueueChanged(): void;
  onInbox?(item: InboxItem): void;
  /** 'live' while the stream is open, 'polling' when counts are read on a timer. */
  onMode?(mode: 'live' | 'polling'): void;
}

/** Opens the updates for the signed-in user; answers a function that closes them. */
export type LiveSource = (token: string, handlers: LiveHandlers) => () => void;
