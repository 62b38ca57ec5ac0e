import { distanceM } from './coordinates';
import { boxAround, repeatsOf } from './repeats';

describe('repeated demands', () => {
  const here = { lat: 30.4738, lng: 114.8771 };
  const north = (m: number) => ({ lat: here.lat + m / 111_320, lng: here.lng });
  const east = (m: number) => ({ lat: here.lat, lng: here.lng + m / (111_320 * Math.cos((here.lat * Math.PI) / 180)) });

  it('should keep the cases within the radius and leave the farther ones out', () => {
    const found = repeatsOf(here, [north(100), east(290), north(320), east(1000)], 300);
    expect(found.map((p) => Math.round(distanceM(here, p)))).toEqual([100, 290]);
  });

  it('should draw a box that holds every point within the radius', () => {
    const box = boxAround(here, 300);
    for (const p of [north(299), east(299), north(-299), east(-299)]) {
      expect(p.lat).toBeGreaterThanOrEqual(box.minLat);
      expect(p.lat).toBeLessThanOrEqual(box.maxLat);
      expect(p.lng).toBeGreaterThanOrEqual(box.minLng);
      expect(p.lng).toBeLessThanOrEqual(box.maxLng);
    }
  });
});
