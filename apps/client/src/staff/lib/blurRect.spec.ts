import { rectFrom } from './blurRect';

describe('marking an area to blur', () => {
  it('makes one rectangle from two corners tapped in any order, kept inside the photo', () => {
    expect(rectFrom({ x: 0.6, y: 0.7 }, { x: 0.2, y: 0.1 })).toEqual({ x: 0.2, y: 0.1, w: expect.closeTo(0.4, 6), h: expect.closeTo(0.6, 6) });
    expect(rectFrom({ x: -0.2, y: 0.5 }, { x: 1.3, y: 1.2 })).toEqual({ x: 0, y: 0.5, w: 1, h: 0.5 });
  });

  it('never makes an empty rectangle from a double tap', () => {
    const r = rectFrom({ x: 0.5, y: 0.5 }, { x: 0.5, y: 0.5 });
    expect(r.w).toBeGreaterThan(0);
    expect(r.h).toBeGreaterThan(0);
  });
});
