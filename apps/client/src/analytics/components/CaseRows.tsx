// The cases behind an analytics figure (a hot-spot cell, a spike, a repeated matter): one row per
// case with its tracking number, status in words and summary; a tap or Enter opens the case.
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { HotspotCasesResponse } from '@hotline/core';
import { roleProps } from '@/lib/a11y';
import { staffText } from '@/locales/zh-CN.staff';
import { pressable } from '../../staff/lib/keyboard';
import { openCase } from '../../staff/lib/session';

export function CaseRows({ items }: { items: HotspotCasesResponse['items'] }) {
  return (
    <>
      {items.map((item) => (
        <View key={item.id} className="analytics-case" data-case={item.trackingNumber} {...roleProps('link')} onClick={() => openCase(item.id)} {...pressable(() => openCase(item.id))}>
          <Text className="analytics-case__number">{item.trackingNumber}</Text>
          <Text className="muted">{staffText.status[item.status as keyof typeof staffText.status] ?? item.status}</Text>
          <Text className="analytics-case__summary">{item.summary}</Text>
        </View>
      ))}
    </>
  );
}

/** One matter in a list of its kind: its heading and when; a tap or Enter opens it. */
export function MatterRow({ url, title, when }: { url: string; title: string; when: string }) {
  const go = () => void Taro.navigateTo({ url });
  return (
    <View className="analytics-case" {...roleProps('link')} onClick={go} {...pressable(go)}>
      <Text className="analytics-case__number">{title}</Text>
      <Text className="muted">{when}</Text>
    </View>
  );
}
