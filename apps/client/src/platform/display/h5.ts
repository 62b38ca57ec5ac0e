// Browsers scale rem text themselves; the app's switch is the resident's choice alone.
export function systemPrefersLargeText(): boolean {
  return false;
}
