import Taro from '@tarojs/taro';
import { systemPrefersLargeText } from './weapp';

// WeChat's font size setting reaches the mini-program as fontSizeScaleFactor: 1 at the standard
// size, about 1.4 in care mode (24 px text). The app switches to large text from 1.25 up.
const withScale = (info: unknown) => {
  (Taro as unknown as { getAppBaseInfo: () => unknown }).getAppBaseInfo = () => {
    if (info instanceof Error) throw info;
    return info;
  };
};

describe('following WeChat font size', () => {
  afterEach(() => {
    delete (Taro as unknown as { getAppBaseInfo?: unknown }).getAppBaseInfo;
  });

  it.each([
    [1, false],
    [1.12, false],
    [1.25, true],
    [1.41, true],
    [2, true],
  ])('at a scale of %p asks for large text: %p', (fontSizeScaleFactor, large) => {
    withScale({ fontSizeScaleFactor });
    expect(systemPrefersLargeText()).toBe(large);
  });

  it('stays at the normal size when WeChat says nothing or the call fails', () => {
    withScale({});
    expect(systemPrefersLargeText()).toBe(false);
    withScale(new Error('getAppBaseInfo:fail'));
    expect(systemPrefersLargeText()).toBe(false);
  });
});
