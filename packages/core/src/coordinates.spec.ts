import { distanceM, gcj02ToWgs84, pointInGeometry, wgs84ToGcj02 } from './coordinates';

describe('coordinates', () => {
  it('shifts a point in China by a few hundred metres from WGS-84 to GCJ-02, and back to within a centimetre', () => {
    const wgs = { lat: 30.5928, lng: 114.3055 };
    const gcj = wgs84ToGcj02(wgs);
    const shift = distanceM(wgs, gcj);
    expect(shift).toBeGreaterThan(100);
    expect(shift).toBeLessThan(1000);
    expect(distanceM(gcj02ToWgs84(gcj), wgs)).toBeLessThan(0.01);
  });

  it('leaves points outside China alone', () => {
    expect(gcj02ToWgs84({ lat: 48.85, lng: 2.35 })).toEqual({ lat: 48.85, lng: 2.35 });
  });

  it('finds a point inside a polygon but not in its hole', () => {
    const square = { type: 'Polygon', coordinates: [[[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]], [[4, 4], [6, 4], [6, 6], [4, 6], [4, 4]]] };
    expect(pointInGeometry({ lat: 2, lng: 2 }, square)).toBe(true);
    expect(pointInGeometry({ lat: 5, lng: 5 }, square)).toBe(false);
    expect(pointInGeometry({ lat: 11, lng: 5 }, square)).toBe(false);
  });
});
