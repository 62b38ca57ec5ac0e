import { View } from '@tarojs/components';
import { LocationMap } from '../location-map/h5';
import type { LocationViewProps } from './types';

// On H5 staff see the same map as residents: the county's outlines with the point, and links
// that open it in a map app.
export function LocationView({ lat, lng, address }: LocationViewProps) {
  return (
    <View className="staff-location">
      <LocationMap lat={lat} lng={lng} address={address} />
    </View>
  );
}
