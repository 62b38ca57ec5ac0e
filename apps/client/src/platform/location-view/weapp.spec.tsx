import { render } from '@testing-library/react';
import { wgs84ToGcj02 } from '@hotline/core';
import { LocationView } from './weapp';

const mapProps: Record<string, unknown>[] = [];
jest.mock('@tarojs/components', () => {
  const actual = jest.requireActual('@tarojs/components');
  return new Proxy(actual, {
    get(target, key) {
      if (key === 'Map')
        return (props: Record<string, unknown>) => {
          mapProps.push(props);
          return null;
        };
      return target[key];
    },
  });
});

describe('weapp LocationView', () => {
  it('draws the stored WGS-84 point on WeChat’s GCJ-02 map, converted', () => {
    const stored = { lat: 30.27415, lng: 120.15515 };
    const { container } = render(<LocationView lat={stored.lat} lng={stored.lng} address="城关镇解放路 12 号" />);
    const expected = wgs84ToGcj02(stored);
    const props = mapProps.at(-1)!;
    const marker = (props.markers as { latitude: number; longitude: number }[])[0]!;
    expect(marker.latitude).toBeCloseTo(expected.lat, 9);
    expect(marker.longitude).toBeCloseTo(expected.lng, 9);
    // The datum shift is hundreds of metres, not zero: the raw point would be drawn off-street.
    expect(Math.abs(marker.latitude - stored.lat) + Math.abs(marker.longitude - stored.lng)).toBeGreaterThan(0.002);
    expect(props.latitude).toBe(marker.latitude);
    expect(props.longitude).toBe(marker.longitude);
    expect(container.textContent).toContain('纬度 30.27415，经度 120.15515');
  });
});
