// WeChat's own font size setting (its care mode is about 1.4×): follow it until the resident chooses.
import Taro from '@tarojs/taro';

export function systemPrefersLargeText(): boolean {
  try {
    const info = Taro.getAppBaseInfo?.() as { fontSizeScaleFactor?: number } | undefined;
    return (info?.fontSizeScaleFactor ?? 1) >= 1.25;
  } catch {
    return false;
  }
}
