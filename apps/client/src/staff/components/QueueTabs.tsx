// The tab strip of a queue: each tab with its count, operable by tap and by keyboard.
import { Text, View } from '@tarojs/components';
import type { QueueCounts, QueueTab } from '@hotline/core';
import { staffText as t } from '@/locales/zh-CN.staff';
import { pressable } from '../lib/keyboard';

export function QueueTabs({
  tabs,
  shown,
  counts,
  onOpen,
}: {
  tabs: readonly QueueTab[];
  shown: QueueTab | undefined;
  counts: QueueCounts | null | undefined;
  onOpen: (tab: QueueTab) => void;
}) {
  return (
    <View className="staff-tabs" ariaRole="tablist">
      {tabs.map((name) => (
        <View
          key={name}
          ariaRole="tab"
          aria-selected={name === shown}
          className={`staff-tab${name === shown ? ' staff-tab--on' : ''}`}
          onClick={() => onOpen(name)}
          {...pressable(() => onOpen(name))}
        >
          <Text>{t.tabs[name]}</Text>
          <Text className="staff-tab__count" data-tab={name}>
            {counts ? counts[name] : '–'}
          </Text>
        </View>
      ))}
    </View>
  );
}
