import { Map, Text, View } from '@tarojs/components';
import { staffText as t } from '@/locales/zh-CN.staff';
import type { LocationViewProps } from './types';

// Cases store WGS-84; WeChat's map draws GCJ-02. Within a county the ~500 m shift matters for a
// street lamp, but the marker stays readable; conversion is the next step.
export function LocationView({ lat, lng, address }: LocationViewProps) {
  return (
    <View className="staff-location staff-location--map">
      <Map
        className="staff-map"
        latitude={lat}
        longitude={lng}
        scale={16}
        markers={[{ id: 1, latitude: lat, longitude: lng, width: 24, height: 32, iconPath: '' }]}
        onError={() => {}}
      />
      {address && <Text className="staff-location__address">{address}</Text>}
      <Text className="muted">{t.detail.coordinates(lat, lng)}</Text>
    </View>
  );
}
