// Short notices (toasts) that carry information. Taro's default of 1.5 s hurries a slow reader,
// so a notice stays at least 5 s and longer for longer text; one shown on the way to another
// page is shown once that page is open (on H5 a page change hides every toast). In the browser
// the toast is a live region, so a screen reader reads it out too.
import Taro from '@tarojs/taro';
import { isH5 } from '@/platform/env';

export const MIN_NOTICE_MS = 5000;
const MAX_NOTICE_MS = 10_000;

/** How long a notice of this text stays: 5 s, plus a quarter second per character past 14. */
export const noticeDuration = (text: string) =>
  Math.min(MAX_NOTICE_MS, Math.max(MIN_NOTICE_MS, MIN_NOTICE_MS + (text.length - 14) * 250));

export function notice(text: string, icon: 'none' | 'success' = 'none'): void {
  void Taro.showToast({ title: text, icon, duration: noticeDuration(text) });
  if (isH5()) {
    const toast = globalThis.document?.querySelector('.taro__toast');
    toast?.setAttribute('role', 'status');
    toast?.setAttribute('aria-live', 'polite');
  }
}

/** Opens another page and then tells the user what just happened there. */
export async function noticeAfter(go: Promise<unknown>, text: string): Promise<void> {
  await go.catch(() => undefined);
  notice(text);
}
