import { render, screen, waitFor } from '@testing-library/react';
import { scriptTaroRequest } from '../../../test/fakeTaroRequest';
import { tileGrid } from '@/lib/mapTiles';
import { LocationMap } from './h5';

const county = {
  townships: [
    { code: 'T1', name: '城关街道', rings: [[[114.8, 30.4], [114.9, 30.4], [114.9, 30.5], [114.8, 30.5], [114.8, 30.4]]] },
    { code: 'T2', name: '河口镇', rings: [[[114.9, 30.4], [115.0, 30.4], [115.0, 30.5], [114.9, 30.5], [114.9, 30.4]]] },
  ],
};

const decodeSvg = (src: string) => Buffer.from(src.replace('data:image/svg+xml;base64,', ''), 'base64').toString();

describe('the case location on H5', () => {
  it('should draw the county’s townships with the case’s point, without any tile service', async () => {
    const sent = scriptTaroRequest({ statusCode: 200, data: county });
    const { container } = render(<LocationMap lat={30.45} lng={114.85} address="城关街道府前路 8 号" />);
    const image = await waitFor(() => {
      const img = container.querySelector('img[alt^="诉求位置"]');
      if (!img) throw new Error('no map yet');
      return img;
    });
    const svg = decodeSvg(image.getAttribute('src') ?? '');
    expect(svg.match(/<polygon /g)).toHaveLength(2);
    const [, cx] = /<circle cx="([\d.]+)"/.exec(svg)!;
    const width = Number(/width="(\d+)"/.exec(svg)![1]);
    // 114.85 is a quarter of the way across a county spanning 114.8–115.0.
    expect(Number(cx) / width).toBeCloseTo(0.25, 1);
    expect(sent.map((r) => r.url.replace(/^https?:\/\/[^/]+/, ''))).toEqual(['/api/public/map']);
    expect(screen.getByText('城关街道府前路 8 号')).toBeTruthy();
  });

  it('should offer the point in Amap, Baidu and Tencent Maps, each told it is GPS (WGS-84)', () => {
    scriptTaroRequest({ statusCode: 200, data: county });
    render(<LocationMap lat={30.45} lng={114.85} address="府前路" />);
    const href = (text: string) => screen.getByText(text).closest('a')!.getAttribute('href')!;
    expect(href('在高德地图中打开')).toMatch(/^https:\/\/uri\.amap\.com\/marker\?position=114\.85,30\.45&.*coordinate=wgs84/);
    expect(href('在百度地图中打开')).toMatch(/^https:\/\/api\.map\.baidu\.com\/marker\?location=30\.45,114\.85&.*coord_type=wgs84/);
    expect(href('在腾讯地图中打开')).toMatch(/^https:\/\/apis\.map\.qq\.com\/uri\/v1\/marker\?marker=coord:30\.45,114\.85;coord_type:1;title:%E5%BA%9C%E5%89%8D%E8%B7%AF/);
  });

  it('should place the point on the configured service’s tiles where it falls', () => {
    // Tiananmen at zoom 16 lies in tile x=53957, y=24832 (the slippy-map formula).
    const grid = tileGrid('https://tiles.example.cn/{z}/{x}/{y}.png', { lat: 39.9087, lng: 116.3975 });
    expect(grid.tiles[4]!.url).toBe('https://tiles.example.cn/16/53957/24832.png');
    expect(grid.tiles).toHaveLength(9);
    expect(grid.x).toBeGreaterThanOrEqual(256);
    expect(grid.x).toBeLessThan(512);
    expect(grid.y).toBeGreaterThanOrEqual(256);
    expect(grid.y).toBeLessThan(512);
  });
});
