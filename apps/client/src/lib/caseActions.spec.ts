import type { ResidentCaseDetail } from '@hotline/core';
import { residentActions } from './caseActions';

const base = {
  status: 'signed',
  relation: 'filer',
  deadline: { dueAt: '2026-12-05T10:00:00.000Z', state: 'normal' },
  flags: { rated: false, reopenPending: false },
  closedAt: null,
} as unknown as ResidentCaseDetail;
const now = new Date('2026-12-01T00:00:00.000Z');
const with_ = (change: Partial<ResidentCaseDetail>) => ({ ...base, ...change }) as ResidentCaseDetail;

describe('what a resident may do with a case now', () => {
  it('should offer only a supplement while the case is handled in time', () => {
    expect(residentActions(base, now)).toEqual(['supplement']);
  });

  it('should offer urging near or past the deadline, to followers too', () => {
    expect(residentActions(with_({ deadline: { dueAt: 'x', state: 'overdue' } }), now)).toEqual(['supplement', 'urge']);
    expect(residentActions(with_({ relation: 'follower', deadline: { dueAt: 'x', state: 'warning' } }), now)).toEqual([
      'urge',
    ]);
  });

  it('should offer rating once after the reply, and reopening within 15 days of closing', () => {
    expect(residentActions(with_({ status: 'replied' }), now)).toEqual(['supplement', 'rate']);
    const closed = with_({ status: 'closed', deadline: null, closedAt: '2026-11-20T00:00:00.000Z' });
    expect(residentActions(closed, now)).toEqual(['rate', 'reopen']);
    expect(residentActions({ ...closed, flags: { rated: true, reopenPending: true } }, now)).toEqual([]);
    expect(residentActions({ ...closed, closedAt: '2026-11-01T00:00:00.000Z' }, now)).toEqual(['rate']);
  });

  it('should offer nothing on a rejected or merged case', () => {
    expect(residentActions(with_({ status: 'rejected' }), now)).toEqual([]);
    expect(residentActions(with_({ status: 'merged' }), now)).toEqual([]);
  });
});
