export interface DeviceLocation {
  lat: number;
  lng: number;
  /** What the device answered in: the server converts GCJ-02 to WGS-84 and must know which it got. */
  coordinateSystem: 'gcj02' | 'wgs84';
  accuracyM: number | null;
}

export interface ChosenPlace extends DeviceLocation {
  address: string;
}

export type LocationFailure = 'denied' | 'unavailable';

export class LocationError extends Error {
  constructor(readonly reason: LocationFailure) {
    super(`location ${reason}`);
  }
}
