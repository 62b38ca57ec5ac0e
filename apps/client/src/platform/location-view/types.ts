export interface LocationViewProps {
  lat: number;
  lng: number;
  address: string | null;
}
