/* eslint-disable @typescript-eslint/no-require-imports -- TARO_ENV is replaced at build time, so each bundle holds only its own platform's view. */
// Where the demand is: WeChat's <Map> on weapp, the coordinates written out on H5.
import type { LocationViewProps } from './types';

export type { LocationViewProps } from './types';

export const LocationView: (props: LocationViewProps) => React.ReactElement =
  process.env.TARO_ENV === 'h5'
    ? (require('./h5') as typeof import('./h5')).LocationView
    : (require('./weapp') as typeof import('./weapp')).LocationView;
