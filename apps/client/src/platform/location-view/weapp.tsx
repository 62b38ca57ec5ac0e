import { Map, Text, View } from '@tarojs/components';
import { wgs84ToGcj02 } from '@hotline/core';
import { staffText as t } from '@/locales/zh-CN.staff';
import type { LocationViewProps } from './types';

// Cases store WGS-84; WeChat's map draws GCJ-02, so the point is shifted before drawing (about
// 500 m here, enough to put the marker on the wrong street). The text keeps the stored value.
export function LocationView({ lat, lng, address }: LocationViewProps) {
  const onMap = wgs84ToGcj02({ lat, lng });
  return (
    <View className="staff-location staff-location--map">
      <Map
        className="staff-map"
        latitude={onMap.lat}
        longitude={onMap.lng}
        scale={16}
        markers={[{ id: 1, latitude: onMap.lat, longitude: onMap.lng, width: 24, height: 32, iconPath: '' }]}
        onError={() => {}}
      />
      {address && <Text className="staff-location__address">{address}</Text>}
      <Text className="muted">{t.detail.coordinates(lat, lng)}</Text>
    </View>
  );
}
