// A case's place on H5: the county's township outlines with the point (no online tiles, so it
// works offline and in tests), or tiles from the installation's own tile service when one is
// configured; the address, and links that open the point in Amap, Baidu or Tencent Maps.
import { useEffect, useState } from 'react';
import { Image, Text, View } from '@tarojs/components';
import { createPublicApiClient } from '@hotline/api-client';
import { wgs84ToGcj02, type PublicMap } from '@hotline/core';
import { mapAppLinks } from '@/lib/mapLinks';
import { mapSvg, svgDataUri } from '@/lib/mapSvg';
import { TILE_SIZE, tileGrid } from '@/lib/mapTiles';
import { locationText as t } from '@/locales/zh-CN.location';
import { http } from '@/services/http';
import type { LocationMapProps } from './types';
import './index.css';

const TILE_URL = process.env.TARO_APP_MAP_TILE_URL ?? '';
const TILE_DATUM = process.env.TARO_APP_MAP_TILE_DATUM ?? 'gcj02';

// The outlines change only when an admin redraws an area: read them once per page load.
let outlines: Promise<PublicMap> | null = null;
const countyMap = () => {
  outlines ??= createPublicApiClient(http)
    .map()
    .catch(() => {
      outlines = null;
      return { townships: [] };
    });
  return outlines;
};

function Tiles({ lat, lng }: { lat: number; lng: number }) {
  const grid = tileGrid(TILE_URL, TILE_DATUM === 'gcj02' ? wgs84ToGcj02({ lat, lng }) : { lat, lng });
  return (
    <View className="location-map__tiles">
      <View
        className="location-map__grid"
        style={{ transform: `translate(calc(50% - ${grid.x}px), calc(50% - ${grid.y}px))` }}
      >
        {grid.tiles.map((tile) => (
          <Image
            key={tile.url}
            src={tile.url}
            className="location-map__tile"
            nativeProps={{ alt: '' }}
            style={{ left: `${tile.left}px`, top: `${tile.top}px`, width: `${TILE_SIZE}px`, height: `${TILE_SIZE}px` }}
          />
        ))}
      </View>
      <Text className="location-map__pin">📍</Text>
    </View>
  );
}

export function LocationMap({ lat, lng, address }: LocationMapProps) {
  const [map, setMap] = useState<PublicMap | null>(null);
  useEffect(() => {
    if (!TILE_URL) void countyMap().then(setMap);
  }, []);
  return (
    <View className="location-map">
      {TILE_URL ? (
        <Tiles lat={lat} lng={lng} />
      ) : (
        map &&
        map.townships.length > 0 && (
          <Image
            className="location-map__svg"
            mode="widthFix"
            src={svgDataUri(mapSvg(map, [{ lat, lng, label: '' }]))}
            nativeProps={{ alt: t.label }}
          />
        )
      )}
      {address && <Text className="location-map__address">{address}</Text>}
      <Text className="muted">{t.coordinates(lat, lng)}</Text>
      <View className="location-map__links">
        {mapAppLinks({ lat, lng }, address ?? t.pointName).map((link) => (
          <a key={link.app} className="location-map__link" href={link.url} target="_blank" rel="noopener noreferrer" data-app={link.app}>
            {t.openIn[link.app]}
          </a>
        ))}
      </View>
    </View>
  );
}
