// Browsers scale rem text themselves; the app's switch is the resident's choice alone.
export function systemPrefersLargeText(): boolean {
  return false;
}

const DESK = '(min-width: 1024px)';

/** A desk-width browser window: the centre's list-and-detail layout applies. */
export function isDeskWidth(): boolean {
  return typeof window !== 'undefined' && typeof window.matchMedia === 'function' && window.matchMedia(DESK).matches;
}

/** Calls back when the window crosses the desk width; answers the unsubscribe. */
export function watchDeskWidth(onChange: (desk: boolean) => void): () => void {
  if (typeof window === 'undefined' || typeof window.matchMedia !== 'function') return () => {};
  const query = window.matchMedia(DESK);
  const listener = () => onChange(query.matches);
  query.addEventListener('change', listener);
  return () => query.removeEventListener('change', listener);
}

/** Keeps a value in the address bar (replacing, not adding, a history entry): a reload keeps it. */
export function rememberInUrl(key: string, value: string | null): void {
  if (typeof window === 'undefined') return;
  const url = new URL(window.location.href);
  if (value) url.searchParams.set(key, value);
  else url.searchParams.delete(key);
  window.history.replaceState(window.history.state, '', url.toString());
}
