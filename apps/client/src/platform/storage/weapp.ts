import Taro from '@tarojs/taro';
import type { KeyValueStorage } from './types';

// wx storage is per user and per mini-program, 10 MB in all.
export const storage: KeyValueStorage = {
  get(key) {
    const value: unknown = Taro.getStorageSync(key);
    return typeof value === 'string' && value !== '' ? value : null;
  },
  set(key, value) {
    Taro.setStorageSync(key, value);
  },
  remove(key) {
    Taro.removeStorageSync(key);
  },
};
