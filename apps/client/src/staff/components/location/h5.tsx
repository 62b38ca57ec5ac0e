import { Text, View } from '@tarojs/components';
import { staffText as t } from '@/locales/zh-CN.staff';
import type { LocationViewProps } from './types';

export function LocationView({ lat, lng, address }: LocationViewProps) {
  return (
    <View className="staff-location">
      <Text className="staff-location__pin">📍</Text>
      <View>
        {address && <Text className="staff-location__address">{address}</Text>}
        <Text className="muted">{t.detail.coordinates(lat, lng)}</Text>
      </View>
    </View>
  );
}
