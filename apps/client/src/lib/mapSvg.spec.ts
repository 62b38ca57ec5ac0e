import { base64Ascii, mapSvg } from './mapSvg';

const map = {
  townships: [
    { code: 'T1', name: '城关街道', rings: [[[114.8, 30.4], [114.9, 30.4], [114.9, 30.5], [114.8, 30.5], [114.8, 30.4]] as [number, number][]] },
    { code: 'T2', name: '河口镇', rings: [[[114.9, 30.4], [115.0, 30.4], [115.0, 30.5], [114.9, 30.5], [114.9, 30.4]] as [number, number][]] },
  ],
};

describe('the public map', () => {
  it('draws every township outline and one numbered dot per case inside the drawing', () => {
    const svg = mapSvg(map, [{ lat: 30.45, lng: 114.85, label: '1' }, { lat: 30.45, lng: 114.95, label: '2' }]);
    expect(svg.match(/<polygon /g)).toHaveLength(2);
    const dots = [...svg.matchAll(/<circle cx="([\d.]+)" cy="([\d.]+)"/g)].map((m) => [Number(m[1]), Number(m[2])]);
    expect(dots).toHaveLength(2);
    const [w, h] = [Number(/width="(\d+)"/.exec(svg)![1]), Number(/height="(\d+)"/.exec(svg)![1])];
    for (const [x, y] of dots) {
      expect(x).toBeGreaterThan(0);
      expect(x).toBeLessThan(w);
      expect(y).toBeGreaterThan(0);
      expect(y).toBeLessThan(h);
    }
    expect(dots[0]![0]).toBeLessThan(dots[1]![0]!);
    expect(svg).toMatch(/^[\x20-\x7e]+$/);
  });

  it('encodes base64 like the platform does', () => {
    for (const s of ['', 'a', 'ab', 'abc', '<svg width="1"/>']) expect(base64Ascii(s)).toBe(Buffer.from(s).toString('base64'));
  });
});
