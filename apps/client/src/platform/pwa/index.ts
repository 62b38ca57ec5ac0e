/* eslint-disable @typescript-eslint/no-require-imports -- TARO_ENV and NODE_ENV are replaced at build time, so only a production H5 bundle holds the registration. */
// The installable web app: a production H5 build registers /sw.js; the mini-program has nothing to do.
export function registerServiceWorker(): void {
  if (process.env.TARO_ENV === 'h5' && process.env.NODE_ENV === 'production') {
    (require('./h5') as typeof import('./h5')).registerServiceWorker();
  }
}
