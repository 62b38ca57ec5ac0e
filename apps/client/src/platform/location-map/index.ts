/* eslint-disable @typescript-eslint/no-require-imports -- TARO_ENV is replaced at build time, so each bundle holds only its own platform's view. */
// Where a case is: on H5 the county's outlines with the point and "open in map app" links; in
// the mini-program WeChat's map.
import type { LocationMapProps } from './types';

export type { LocationMapProps } from './types';

export const LocationMap: (props: LocationMapProps) => React.ReactElement =
  process.env.TARO_ENV === 'h5'
    ? (require('./h5') as typeof import('./h5')).LocationMap
    : (require('./weapp') as typeof import('./weapp')).LocationMap;
