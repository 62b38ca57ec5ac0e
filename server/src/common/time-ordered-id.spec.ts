import { z } from 'zod';
import { timeOrderedUuid } from './time-ordered-id';

describe('timeOrderedUuid', () => {
  it('makes RFC 9562 version 7 ids that the API schemas accept', () => {
    const id = timeOrderedUuid();
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(z.uuid().safeParse(id).success).toBe(true);
  });

  it('carries the time it was made for', () => {
    const at = new Date('2026-11-30T08:15:00.123Z');
    const id = timeOrderedUuid(at);
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(at.getTime());
  });

  it('sorts in the order made, also many within one millisecond', () => {
    const at = new Date('2026-12-01T02:00:00.000Z');
    const ids = Array.from({ length: 5000 }, () => timeOrderedUuid(at));
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    // Made later in the same process, a little earlier on the clock: still after.
    const next = timeOrderedUuid(new Date(at.getTime() - 5));
    expect(next > ids[ids.length - 1]!).toBe(true);
  });

  it('keeps a back-dated time as it is', () => {
    timeOrderedUuid(new Date('2026-12-01T02:00:00.000Z'));
    const old = new Date('2026-01-05T01:00:00.000Z');
    expect(parseInt(timeOrderedUuid(old).replace(/-/g, '').slice(0, 12), 16)).toBe(old.getTime());
  });
});
