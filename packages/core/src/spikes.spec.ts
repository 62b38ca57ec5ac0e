import { earsBaselineDays, earsC2 } from './spikes';

describe('EARS C2 spike rule', () => {
  it('should test a day against the 7 days ending 2 days earlier', () => {
    expect(earsBaselineDays('2026-12-10')).toEqual([
      '2026-12-01',
      '2026-12-02',
      '2026-12-03',
      '2026-12-04',
      '2026-12-05',
      '2026-12-06',
      '2026-12-07',
    ]);
    expect(earsBaselineDays('2026-03-02')[6]).toBe('2026-02-27');
  });

  it('should not call 0 → 2 a spike: the minimum count is 3', () => {
    expect(earsC2(2, [0, 0, 0, 0, 0, 0, 0]).spike).toBe(false);
    expect(earsC2(3, [0, 0, 0, 0, 0, 0, 0]).spike).toBe(true);
  });

  it('should alert only above mean + 3 SD of the baseline', () => {
    const baseline = [3, 4, 3, 5, 4, 3, 4];
    const test = earsC2(5, baseline);
    expect(test.mean).toBeCloseTo(3.71, 2);
    expect(test.sd).toBeCloseTo(0.76, 2);
    expect(test.threshold).toBeCloseTo(5.98, 2);
    expect(test.spike).toBe(false);
    expect(earsC2(6, baseline).spike).toBe(true);
  });

  it('should treat a steady baseline as zero spread: one more than usual is a spike once over the minimum', () => {
    expect(earsC2(5, [5, 5, 5, 5, 5, 5, 5]).spike).toBe(false);
    expect(earsC2(6, [5, 5, 5, 5, 5, 5, 5]).spike).toBe(true);
  });

  it('should honour a higher minimum count', () => {
    expect(earsC2(4, [0, 0, 0, 0, 0, 0, 0], 5).spike).toBe(false);
  });
});
