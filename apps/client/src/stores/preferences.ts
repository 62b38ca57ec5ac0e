// The resident's own display choices, kept on the device.
import { create } from 'zustand';
import { storage, type KeyValueStorage } from '@/platform';

const LARGE_TEXT_KEY = 'hotline.largeText';

export interface PreferencesStore {
  largeText: boolean;
  setLargeText(on: boolean): void;
}

export function createPreferencesStore(store: KeyValueStorage) {
  return create<PreferencesStore>()((set) => ({
    largeText: store.get(LARGE_TEXT_KEY) === '1',
    setLargeText(on) {
      store.set(LARGE_TEXT_KEY, on ? '1' : '0');
      set({ largeText: on });
    },
  }));
}

export const usePreferences = createPreferencesStore(storage);
