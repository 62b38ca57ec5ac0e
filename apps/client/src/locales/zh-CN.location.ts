// Text of a case's place (map, coordinates, map-app links). Its own file, so the mini-program's
// main package does not carry it: only the case pages' subpackages do.
export const locationText = {
  label: '诉求位置（全县乡镇街道图，红点为诉求位置）',
  pointName: '诉求位置',
  coordinates: (lat: number, lng: number) => `纬度 ${lat.toFixed(5)}，经度 ${lng.toFixed(5)}`,
  openIn: { amap: '在高德地图中打开', baidu: '在百度地图中打开', tencent: '在腾讯地图中打开' },
  openWechat: '在地图中查看',
  place: '诉求位置',
};
