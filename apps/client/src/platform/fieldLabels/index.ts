/* eslint-disable @typescript-eslint/no-require-imports -- TARO_ENV is replaced at build time, so only the H5 bundle holds the observer. */
// Screen readers must hear a field's label. The mini-program puts `ariaLabel` on the input itself;
// Taro's H5 input and textarea put it on their wrapper element, where it names nothing.
export function labelFieldsFromWrappers(): void {
  if (process.env.TARO_ENV === 'h5') (require('./h5') as typeof import('./h5')).labelFieldsFromWrappers();
}
