import { formatTrackingNumber, isTrackingNumber, parseTrackingNumber, trackingNumberPrefix } from './tracking';

describe('tracking numbers', () => {
  it('uses the Shanghai date and a 6-digit sequence', () => {
    expect(formatTrackingNumber('2026-11-28T03:00:00Z', 123)).toBe('HL20261128-000123');
  });

  it('takes the next Shanghai day for a case filed after 16:00 UTC', () => {
    expect(formatTrackingNumber('2026-11-28T16:30:00Z', 1)).toBe('HL20261129-000001');
    expect(trackingNumberPrefix(new Date('2026-12-31T16:00:00Z'))).toBe('HL20270101-');
  });

  it.each([0, -1, 1_000_000, 1.5])('refuses sequence %p', (sequence) => {
    expect(() => formatTrackingNumber('2026-11-28T03:00:00Z', sequence)).toThrow(RangeError);
  });

  it('parses what it formats and forgives case and spaces', () => {
    expect(parseTrackingNumber('HL20261128-000123')).toEqual({ date: '2026-11-28', sequence: 123 });
    expect(parseTrackingNumber(' hl20261128-999999 ')).toEqual({ date: '2026-11-28', sequence: 999999 });
  });

  it.each(['HL20261128-00123', 'HL20261128000123', 'HX20261128-000123', 'HL20260230-000001', 'HL20261128-000000', ''])(
    'rejects %p',
    (input) => {
      expect(parseTrackingNumber(input)).toBeUndefined();
      expect(isTrackingNumber(input)).toBe(false);
    },
  );

  it('validates only the exact canonical form', () => {
    expect(isTrackingNumber('HL20261128-000123')).toBe(true);
    expect(isTrackingNumber('hl20261128-000123')).toBe(false);
  });
});
