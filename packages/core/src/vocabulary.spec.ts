import { caseStatuses, isOpenStatus, isTerminalStatus } from './vocabulary';

describe('statuses', () => {
  it.each(caseStatuses.map((s) => [s]))('%s is open, closed or terminal, exactly one of them', (status) => {
    const kinds = [isOpenStatus(status), status === 'closed', isTerminalStatus(status)].filter(Boolean);
    expect(kinds).toHaveLength(1);
  });

  it('treats awaiting_info and callback as open, closed and merged as not', () => {
    expect(isOpenStatus('awaiting_info')).toBe(true);
    expect(isOpenStatus('callback')).toBe(true);
    expect(isOpenStatus('closed')).toBe(false);
    expect(isOpenStatus('merged')).toBe(false);
  });
});
