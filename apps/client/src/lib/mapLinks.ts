// "Open in map app" links for a stored WGS-84 point: the web URI APIs of Amap, Baidu and Tencent
// Maps, which open the app when it is installed and the web map otherwise. Each is told the
// point is GPS (WGS-84), so none needs our conversion.
export interface MapAppLink {
  app: 'amap' | 'baidu' | 'tencent';
  url: string;
}

const REFERER = 'hotline12345';

export function mapAppLinks(point: { lat: number; lng: number }, name: string): MapAppLink[] {
  const { lat, lng } = point;
  const title = encodeURIComponent(name);
  return [
    {
      app: 'amap',
      url: `https://uri.amap.com/marker?position=${lng},${lat}&name=${title}&coordinate=wgs84&callnative=1&src=${REFERER}`,
    },
    {
      app: 'baidu',
      url: `https://api.map.baidu.com/marker?location=${lat},${lng}&title=${title}&content=${title}&coord_type=wgs84&output=html&src=${REFERER}`,
    },
    {
      app: 'tencent',
      url: `https://apis.map.qq.com/uri/v1/marker?marker=coord:${lat},${lng};coord_type:1;title:${title}&referer=${REFERER}`,
    },
  ];
}
