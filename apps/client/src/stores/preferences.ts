// The resident's own display choices, kept on the device.
import { create } from 'zustand';
import { storage, type KeyValueStorage } from '@/platform';
import { systemPrefersLargeText } from '@/platform/display';

const LARGE_TEXT_KEY = 'hotline.largeText';

export interface PreferencesStore {
  largeText: boolean;
  setLargeText(on: boolean): void;
}

export function createPreferencesStore(store: KeyValueStorage, systemLarge: () => boolean = systemPrefersLargeText) {
  return create<PreferencesStore>()((set) => ({
    // Until the resident flips the switch, follow the system's font size.
    largeText: store.get(LARGE_TEXT_KEY) === null ? systemLarge() : store.get(LARGE_TEXT_KEY) === '1',
    setLargeText(on) {
      store.set(LARGE_TEXT_KEY, on ? '1' : '0');
      set({ largeText: on });
    },
  }));
}

export const usePreferences = createPreferencesStore(storage);
