import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { wgs84ToGcj02 } from '@hotline/core';
import { locationText as t } from '@/locales/zh-CN.location';
import type { LocationMapProps } from './types';
import './index.css';

// In the mini-program WeChat's own map opens the point (GCJ-02, converted from the stored WGS-84).
export function LocationMap({ lat, lng, address }: LocationMapProps) {
  const open = () => {
    const p = wgs84ToGcj02({ lat, lng });
    void Taro.openLocation({ latitude: p.lat, longitude: p.lng, name: address ?? t.pointName, scale: 16 }).catch(
      () => undefined,
    );
  };
  return (
    <View className="location-map">
      {address && <Text className="location-map__address">{address}</Text>}
      <Text className="location-map__link" onClick={open}>
        {t.openWechat}
      </Text>
    </View>
  );
}
