// Mini-program location: GCJ-02 (what WeChat's map and chooseLocation speak), and a map to correct it.
import Taro from '@tarojs/taro';
import { LocationError, type ChosenPlace, type DeviceLocation } from './types';

const denied = (err: unknown) =>
  /auth|deny|denied|permission/i.test(String((err as { errMsg?: string })?.errMsg ?? err));

export async function currentLocation(): Promise<DeviceLocation> {
  try {
    const res = await Taro.getLocation({ type: 'gcj02' });
    return { lat: res.latitude, lng: res.longitude, coordinateSystem: 'gcj02', accuracyM: res.accuracy ?? null };
  } catch (err) {
    throw new LocationError(denied(err) ? 'denied' : 'unavailable');
  }
}

/** The WeChat map picker; null when the resident backs out. */
export async function choosePlace(near: DeviceLocation | null): Promise<ChosenPlace | null> {
  try {
    const res = await Taro.chooseLocation(near ? { latitude: near.lat, longitude: near.lng } : {});
    return {
      lat: res.latitude,
      lng: res.longitude,
      coordinateSystem: 'gcj02',
      accuracyM: null,
      address: [res.address, res.name].filter(Boolean).join(' '),
    };
  } catch (err) {
    if (/cancel/i.test(String((err as { errMsg?: string })?.errMsg))) return null;
    throw new LocationError(denied(err) ? 'denied' : 'unavailable');
  }
}

export const canChoosePlace: boolean = true;
