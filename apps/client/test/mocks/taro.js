/* global jest */
// A fake of @tarojs/taro: the APIs the app and NutUI touch, storage in memory,
// anything else a jest.fn(). Tests script `request` per case.
const storage = new Map();

const base = {
  ENV_TYPE: { WEAPP: 'WEAPP', WEB: 'WEB', RN: 'RN', SWAN: 'SWAN', ALIPAY: 'ALIPAY', TT: 'TT', QQ: 'QQ', JD: 'JD' },
  getEnv: () => 'WEB',
  request: jest.fn(),
  showToast: jest.fn(() => Promise.resolve()),
  navigateTo: jest.fn(() => Promise.resolve()),
  getStorageSync: jest.fn((key) => (storage.has(key) ? storage.get(key) : '')),
  setStorageSync: jest.fn((key, value) => void storage.set(key, value)),
  removeStorageSync: jest.fn((key) => void storage.delete(key)),
  getSystemInfoSync: () => ({
    windowWidth: 375,
    windowHeight: 812,
    pixelRatio: 2,
    platform: 'devtools',
    statusBarHeight: 20,
  }),
  getWindowInfo: () => ({ windowWidth: 375, windowHeight: 812, pixelRatio: 2, statusBarHeight: 20 }),
  pxTransform: (size) => `${size}px`,
  nextTick: (fn) => setTimeout(fn, 0),
  createSelectorQuery: () => {
    const query = {
      select: () => query,
      selectAll: () => query,
      boundingClientRect: () => query,
      scrollOffset: () => query,
      exec: (cb) => cb && cb([]),
    };
    return query;
  },
  useLoad: () => {},
  useReady: () => {},
  useDidShow: () => {},
  useDidHide: () => {},
  usePullDownRefresh: jest.fn(),
  useReachBottom: jest.fn(),
  redirectTo: jest.fn(() => Promise.resolve()),
  reLaunch: jest.fn(() => Promise.resolve()),
  useRouter: jest.fn(() => ({ params: {} })),
  __resetStorage: () => storage.clear(),
};

const taro = new Proxy(base, {
  get(target, key) {
    if (key === '__esModule') return true;
    if (key === 'default') return taro;
    if (typeof key === 'symbol' || key === 'then') return undefined;
    if (!(key in target)) target[key] = jest.fn();
    return target[key];
  },
});

module.exports = taro;
