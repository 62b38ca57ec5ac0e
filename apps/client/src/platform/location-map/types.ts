export interface LocationMapProps {
  /** WGS-84, as cases store it. */
  lat: number;
  lng: number;
  address: string | null;
}
