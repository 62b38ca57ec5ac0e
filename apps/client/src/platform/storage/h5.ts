import type { KeyValueStorage } from './types';

// localStorage throws in some private-browsing modes and when full: a
// preference that cannot be saved must not break the page.
function local(): Storage | null {
  try {
    return typeof window === 'undefined' ? null : window.localStorage;
  } catch {
    return null;
  }
}

export const storage: KeyValueStorage = {
  get(key) {
    try {
      return local()?.getItem(key) ?? null;
    } catch {
      return null;
    }
  },
  set(key, value) {
    try {
      local()?.setItem(key, value);
    } catch {
      // keep working with the in-memory state
    }
  },
  remove(key) {
    try {
      local()?.removeItem(key);
    } catch {
      // nothing to clean up then
    }
  },
};
