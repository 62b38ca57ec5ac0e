// One queue view: the tabs of a set with their counts, the chosen tab's cases a page at a time,
// filters that narrow both the list and the counts, and live counts that reload the shown list
// when its tab's count moves.
import { create } from 'zustand';
import type { QueueCounts, QueueFilters, QueueItem, QueueTab, Role } from '@hotline/core';
import type { StaffApiClient } from '@hotline/api-client';

export type QueueSet = 'work' | 'review' | 'rulings' | 'board';

/** The tabs each kind of worker's day is organised by. */
export function tabsFor(role: Role, set: QueueSet): QueueTab[] {
  if (set === 'board') return ['warning', 'overdue', 'supervised', 'problem'];
  if (set === 'rulings')
    return ['returned', 'extension_requests', 'reopen_requests', 'replies_to_review', 'callbacks_due'];
  if (set === 'review') return ['to_accept', 'to_dispatch'];
  switch (role) {
    case 'handler':
    case 'unit_manager':
      return ['to_sign', 'in_progress', 'warning', 'overdue', 'returned'];
    case 'operator':
      return ['to_accept', 'to_dispatch', 'replies_to_review', 'callbacks_due'];
    case 'dispatcher':
      return ['to_dispatch', 'returned'];
    case 'supervisor':
      return ['returned', 'extension_requests', 'replies_to_review', 'callbacks_due', 'warning', 'overdue', 'problem'];
    default:
      return ['warning', 'overdue', 'problem'];
  }
}

export interface QueueState {
  tab: QueueTab | null;
  counts: QueueCounts | null;
  items: QueueItem[];
  nextCursor: string | null;
  phase: 'idle' | 'loading' | 'ready' | 'failed';
  filters: QueueFilters;
  /** Cases per page: a phone shows a screenful of cards, the desk's table more. */
  pageSize: number;
  open(tab: QueueTab): Promise<void>;
  /** Narrows the list and the counts, and reloads the shown tab. */
  setFilters(filters: QueueFilters): Promise<void>;
  setPageSize(pageSize: number): void;
  more(): Promise<void>;
  refreshCounts(): Promise<void>;
  /** Reads the counts and the shown tab again (the app came back to the foreground, a poll). */
  refresh(): Promise<void>;
  /** Counts pushed by the server; reloads the shown tab when its count changed. */
  applyCounts(counts: QueueCounts): Promise<void>;
}

const PAGE_SIZE = 20;

export function createQueueStore(api: Pick<StaffApiClient, 'queue' | 'queueCounts'>) {
  let request = 0;
  return create<QueueState>()((set, get) => {
    async function reload(tab: QueueTab) {
      const mine = ++request;
      try {
        const page = await api.queue(tab, { ...get().filters, limit: get().pageSize });
        if (mine === request) set({ items: page.items, nextCursor: page.nextCursor, phase: 'ready' });
      } catch {
        if (mine === request) set({ phase: 'failed' });
      }
    }
    return {
      tab: null,
      counts: null,
      items: [],
      nextCursor: null,
      phase: 'idle',
      filters: {},
      pageSize: PAGE_SIZE,
      setPageSize(pageSize) {
        set({ pageSize });
      },
      async setFilters(filters) {
        set({ filters });
        const { tab } = get();
        if (tab) await get().open(tab);
      },
      async open(tab) {
        const mine = ++request;
        set({ tab, phase: 'loading', ...(get().tab === tab ? {} : { items: [], nextCursor: null }) });
        const { filters, pageSize } = get();
        try {
          const [page, counts] = await Promise.all([
            api.queue(tab, { ...filters, limit: pageSize }),
            api.queueCounts(filters),
          ]);
          if (mine !== request) return;
          set({ items: page.items, nextCursor: page.nextCursor, counts, phase: 'ready' });
        } catch {
          if (mine === request) set({ phase: 'failed' });
        }
      },
      async more() {
        const { tab, nextCursor, phase } = get();
        if (!tab || !nextCursor || phase === 'loading') return;
        const mine = ++request;
        set({ phase: 'loading' });
        try {
          const page = await api.queue(tab, { ...get().filters, limit: get().pageSize, cursor: nextCursor });
          if (mine !== request) return;
          set((s) => ({ items: [...s.items, ...page.items], nextCursor: page.nextCursor, phase: 'ready' }));
        } catch {
          if (mine === request) set({ phase: 'failed' });
        }
      },
      async refreshCounts() {
        try {
          await get().applyCounts(await api.queueCounts(get().filters));
        } catch {
          // The next live update or pull-down tries again.
        }
      },
      async refresh() {
        const { tab, phase } = get();
        if (!tab || phase === 'idle') return;
        try {
          const counts = await api.queueCounts(get().filters);
          set({ counts });
          await reload(tab);
        } catch {
          // The next poll or pull-down tries again.
        }
      },
      async applyCounts(counts) {
        const { tab, counts: old } = get();
        set({ counts });
        if (tab && old && old[tab] !== counts[tab]) await reload(tab);
      },
    };
  });
}
