import { ApiError } from '@hotline/api-client';
import { createLiveSource } from './h5';
import { POLL_MS } from './types';

type Listener = (event: MessageEvent<string>) => void;

class FakeEventSource {
  static opened: FakeEventSource[] = [];
  readonly listeners = new Map<string, Listener[]>();
  closed = false;
  constructor(readonly url: string) {
    FakeEventSource.opened.push(this);
  }
  addEventListener(type: string, listener: Listener) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  emit(type: string, data = '', lastEventId = '') {
    for (const l of this.listeners.get(type) ?? []) l({ data, lastEventId } as MessageEvent<string>);
  }
  close() {
    this.closed = true;
  }
}

const inboxItem = {
  id: 41,
  caseId: '0b6d3f7e-8a2c-4f1e-9d3a-1c2b3a4d5e6f',
  kind: 'dispatch',
  title: '新派单',
  body: '路灯不亮',
  link: '/staff/pages/case/index?id=0b6d3f7e-8a2c-4f1e-9d3a-1c2b3a4d5e6f',
  createdAt: '2026-11-30T01:00:00.000Z',
  readAt: null,
};

const flush = async () => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

describe('the H5 live stream', () => {
  beforeEach(() => {
    jest.useFakeTimers();
    FakeEventSource.opened = [];
  });
  afterEach(() => jest.useRealTimers());

  const setup = (tickets: (string | Error)[]) => {
    const ticket = jest.fn(async () => {
      const next = tickets.shift() ?? 'spare';
      if (next instanceof Error) throw next;
      return { ticket: next };
    });
    const handlers = { onQueueChanged: jest.fn(), onInbox: jest.fn(), onMode: jest.fn() };
    const open = createLiveSource({ ticket, EventSource: FakeEventSource as unknown as typeof EventSource, baseUrl: '/api' });
    return { ticket, handlers, close: open('access-token-never-in-a-url', handlers) };
  };

  it('opens the stream with a one-time ticket, never the access token, and passes events on', async () => {
    const { handlers, close } = setup(['T1']);
    await flush();
    const [stream] = FakeEventSource.opened;
    expect(stream!.url).toBe('/api/me/events?ticket=T1');
    expect(stream!.url).not.toContain('access-token');
    stream!.emit('open');
    expect(handlers.onMode).toHaveBeenLastCalledWith('live');
    stream!.emit('inbox', JSON.stringify(inboxItem), '41');
    expect(handlers.onInbox).toHaveBeenCalledWith(expect.objectContaining({ id: 41 }));
    stream!.emit('queue', '{}');
    expect(handlers.onQueueChanged).toHaveBeenCalledTimes(1);
    close();
    expect(stream!.closed).toBe(true);
  });

  it('reconnects with a new ticket (the spent one would be refused), resuming after the last event', async () => {
    const { ticket, handlers } = setup(['T1', 'T2']);
    await flush();
    const first = FakeEventSource.opened[0]!;
    first.emit('open');
    first.emit('inbox', JSON.stringify(inboxItem), '41');
    first.emit('error');
    expect(first.closed).toBe(true);
    expect(handlers.onMode).toHaveBeenLastCalledWith('polling');
    await jest.advanceTimersByTimeAsync(1000);
    expect(ticket).toHaveBeenCalledTimes(2);
    expect(FakeEventSource.opened[1]!.url).toBe('/api/me/events?ticket=T2&lastEventId=41');
  });

  it('reads the counts on a timer while the server refuses more streams, and tries again later', async () => {
    const refused = new ApiError({ code: 'TOO_MANY_STREAMS', status: 429, message: '打开的实时连接过多' });
    const { ticket, handlers, close } = setup([refused, refused, 'T3']);
    await flush();
    expect(FakeEventSource.opened).toHaveLength(0);
    expect(handlers.onMode).toHaveBeenLastCalledWith('polling');
    await jest.advanceTimersByTimeAsync(POLL_MS);
    expect(handlers.onQueueChanged).toHaveBeenCalled();
    expect(ticket.mock.calls.length).toBeGreaterThanOrEqual(3);
    expect(FakeEventSource.opened[0]!.url).toBe('/api/me/events?ticket=T3');
    close();
    await jest.advanceTimersByTimeAsync(60_000);
    expect(ticket.mock.calls.length).toBe(3);
  });
});
