import { canonicalJson } from './canonical-json';

/** The fingerprint's text as filings computed it before canonicalJson (stored keys must still match). */
const replacerJson = (value: unknown): string | undefined =>
  JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );

describe('canonicalJson', () => {
  it('gives the same text whatever order the keys came in', () => {
    const a = { demandType: 'complaint', location: { lng: 118.1, lat: 30.2 }, answers: { q2: '是', q1: 3 } };
    const b = { answers: { q1: 3, q2: '是' }, location: { lat: 30.2, lng: 118.1 }, demandType: 'complaint' };
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(JSON.parse(canonicalJson(a)!)).toEqual(a);
  });

  it('writes exactly what the sorting replacer wrote', () => {
    const cases: unknown[] = [
      { b: 1, a: 2, B: 3, A: 4, _x: null, 'Z z': [1, 'two', null, true] },
      // Array-index keys come first in ascending number order, as the rebuilt object put them.
      { 10: 'ten', 2: 'two', b: 'bee', 1: 'one', '01': 'zero-one', '-1': 'minus' },
      { 问题二: '乙', 问题一: '甲', q: { 3: [{ y: 1, x: 2 }], a: undefined, f: () => 1 } },
      [undefined, () => 1, { k: undefined }, NaN, Infinity, -0, 1e21, 'é\u2028"\\'],
      { at: new Date('2026-12-01T00:00:00Z'), nested: { deep: { deeper: { z: 1, y: [[], {}] } } } },
      'plain',
      42,
      null,
    ];
    for (const value of cases) expect(canonicalJson(value)).toBe(replacerJson(value));
  });

  it('matches the replacer on generated bodies', () => {
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const keys = ['a', 'B', 'c1', 'C2', '0', '7', '12', 'demandType', 'contactName', '地址', 'x y'];
    const gen = (depth: number): unknown => {
      const r = next();
      if (depth > 3 || r < 0.3) return [null, true, false, 'text', 1.5, -3, '中文'][Math.floor(next() * 7)];
      if (r < 0.5) return Array.from({ length: Math.floor(next() * 4) }, () => gen(depth + 1));
      const o: Record<string, unknown> = {};
      for (let i = Math.floor(next() * 6); i > 0; i--) o[keys[Math.floor(next() * keys.length)]!] = gen(depth + 1);
      return o;
    };
    for (let i = 0; i < 500; i++) {
      const value = gen(0);
      expect(canonicalJson(value)).toBe(replacerJson(value));
    }
  });
});
