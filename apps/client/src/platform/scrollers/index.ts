/* eslint-disable @typescript-eslint/no-require-imports -- TARO_ENV is replaced at build time, so only the H5 bundle holds the observer. */
// A page taller than the screen must scroll from the keyboard. The mini-program scrolls the page
// natively; Taro's H5 router scrolls each page inside its own box, which a keyboard reaches only
// through something focusable in it — a page of plain text (a typical case, the statistics) has none.
export function focusablePageScrollers(): void {
  if (process.env.TARO_ENV === 'h5') (require('./h5') as typeof import('./h5')).focusablePageScrollers();
}
