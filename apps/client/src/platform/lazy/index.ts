/* eslint-disable @typescript-eslint/no-require-imports -- TARO_ENV is replaced at build time, so each bundle holds only its own way of loading. */
// What H5 loads only when needed, to keep its first load within budget; the mini-program has no
// lazy chunks in its main package, so there the same modules are required at once.
import { lazy, type ComponentType } from 'react';

/** The API client (HTTP stack, schemas), for parts of the first page that call it only on use. */
export const loadApi = (): Promise<typeof import('@/services/api')> =>
  process.env.TARO_ENV === 'h5'
    ? import('@/services/api')
    : Promise.resolve(require('@/services/api') as typeof import('@/services/api'));

/** The home page's recent cases: on H5 loaded only for a signed-in resident. */
export const RecentCases: ComponentType =
  process.env.TARO_ENV === 'h5'
    ? lazy(() => import('@/components/RecentCases'))
    : (require('@/components/RecentCases') as typeof import('@/components/RecentCases')).default;
