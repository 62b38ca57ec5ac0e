import type { QueueCounts, QueueItem, QueuePage, QueueTab } from '@hotline/core';
import { createQueueStore, tabsFor } from './queue';

const zero: QueueCounts = {
  to_accept: 0,
  to_dispatch: 0,
  to_sign: 0,
  in_progress: 0,
  warning: 0,
  overdue: 0,
  returned: 0,
  extension_requests: 0,
  reopen_requests: 0,
  replies_to_review: 0,
  callbacks_due: 0,
  problem: 0,
  supervised: 0,
};

const item = (id: string): QueueItem => ({
  id,
  trackingNumber: `HL20261128-00000${id}`,
  status: 'dispatched',
  deadlineState: 'normal',
  supervised: false,
  problem: false,
  extensionPending: false,
  demandType: 'help',
  urgency: 'normal',
  channel: 'phone',
  categoryCode: '010101',
  summary: '路灯不亮',
  address: null,
  townshipCode: null,
  villageCode: null,
  leadUnitId: 'u1',
  assigneeUnitId: 'u1',
  step: 'sign',
  warnAt: null,
  dueAt: null,
  createdAt: '2026-11-28T04:00:00.000Z',
  anonymous: false,
  contactName: null,
  contactPhone: null,
});

function fakeApi(pages: Record<string, QueuePage[]>, counts: QueueCounts[]) {
  const calls: Array<[QueueTab, string | undefined]> = [];
  return {
    calls,
    api: {
      queue: jest.fn(async (tab: QueueTab, query?: { cursor?: string }) => {
        calls.push([tab, query?.cursor]);
        const page = pages[tab]?.shift();
        if (!page) throw new Error('offline');
        return page;
      }),
      queueCounts: jest.fn(async () => counts.shift() ?? zero),
    },
  };
}

describe('the queue store', () => {
  it('should give a township handler the to-sign, in-progress, warning, overdue and returned tabs', () => {
    expect(tabsFor('handler', 'work')).toEqual(['to_sign', 'in_progress', 'warning', 'overdue', 'returned']);
    expect(tabsFor('supervisor', 'board')).toEqual(['warning', 'overdue', 'supervised', 'problem']);
  });

  it('should put residents’ reopen requests among the centre’s rulings', () => {
    expect(tabsFor('dispatcher', 'rulings')).toEqual([
      'returned',
      'extension_requests',
      'reopen_requests',
      'replies_to_review',
      'callbacks_due',
    ]);
  });

  it('should show a tab’s cases with the counts, then the next page', async () => {
    const { api, calls } = fakeApi(
      {
        to_sign: [
          { tab: 'to_sign', items: [item('1')], nextCursor: 'c1' },
          { tab: 'to_sign', items: [item('2')], nextCursor: null },
        ],
      },
      [{ ...zero, to_sign: 2 }],
    );
    const store = createQueueStore(api);
    await store.getState().open('to_sign');
    expect(store.getState()).toMatchObject({ phase: 'ready', nextCursor: 'c1', counts: { to_sign: 2 } });
    await store.getState().more();
    expect(store.getState().items.map((i) => i.id)).toEqual(['1', '2']);
    expect(calls).toEqual([
      ['to_sign', undefined],
      ['to_sign', 'c1'],
    ]);
  });

  it('should reload the shown list when a live update changes its tab’s count, and only then', async () => {
    const { api } = fakeApi(
      {
        to_sign: [
          { tab: 'to_sign', items: [], nextCursor: null },
          { tab: 'to_sign', items: [item('7')], nextCursor: null },
        ],
      },
      [zero],
    );
    const store = createQueueStore(api);
    await store.getState().open('to_sign');
    await store.getState().applyCounts({ ...zero, overdue: 3 });
    expect(api.queue).toHaveBeenCalledTimes(1);
    await store.getState().applyCounts({ ...zero, overdue: 3, to_sign: 1 });
    expect(store.getState().items.map((i) => i.id)).toEqual(['7']);
    expect(store.getState().counts?.to_sign).toBe(1);
  });

  it('should read the shown list again on refresh (back in the foreground, a poll) even when its count stayed', async () => {
    const { api } = fakeApi(
      {
        to_sign: [
          { tab: 'to_sign', items: [item('1')], nextCursor: null },
          { tab: 'to_sign', items: [item('2')], nextCursor: null },
        ],
      },
      [{ ...zero, to_sign: 1 }, { ...zero, to_sign: 1 }],
    );
    const store = createQueueStore(api);
    await store.getState().refresh();
    expect(api.queue).not.toHaveBeenCalled();
    await store.getState().open('to_sign');
    await store.getState().refresh();
    // Case 1 was signed elsewhere and case 2 arrived: the count is the same, the list is not.
    expect(store.getState().items.map((i) => i.id)).toEqual(['2']);
  });

  it('should say the list failed to load when the server cannot be reached', async () => {
    const { api } = fakeApi({}, []);
    const store = createQueueStore(api);
    await store.getState().open('overdue');
    expect(store.getState().phase).toBe('failed');
  });
});
