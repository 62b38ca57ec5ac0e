// Browser location: the Geolocation API answers WGS-84; there is no map picker, the address field corrects it.
import { LocationError, type ChosenPlace, type DeviceLocation } from './types';

export function currentLocation(): Promise<DeviceLocation> {
  return new Promise((resolve, reject) => {
    if (typeof navigator === 'undefined' || !navigator.geolocation) {
      reject(new LocationError('unavailable'));
      return;
    }
    navigator.geolocation.getCurrentPosition(
      (position) =>
        resolve({
          lat: position.coords.latitude,
          lng: position.coords.longitude,
          coordinateSystem: 'wgs84',
          accuracyM: Number.isFinite(position.coords.accuracy) ? Math.round(position.coords.accuracy) : null,
        }),
      (error) => reject(new LocationError(error.code === error.PERMISSION_DENIED ? 'denied' : 'unavailable')),
      // Rural networks: a coarse fix now beats a precise one never.
      { enableHighAccuracy: false, timeout: 15_000, maximumAge: 60_000 },
    );
  });
}

export function choosePlace(): Promise<ChosenPlace | null> {
  return Promise.resolve(null);
}

export const canChoosePlace: boolean = false;
