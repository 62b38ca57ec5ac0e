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

/** Phones keep the card layout: the desk layout is for the centre's browsers. */
export function isDeskWidth(): boolean {
  return false;
}

export function watchDeskWidth(_onChange: (desk: boolean) => void): () => void {
  return () => {};
}

export function rememberInUrl(_key: string, _value: string | null): void {}
