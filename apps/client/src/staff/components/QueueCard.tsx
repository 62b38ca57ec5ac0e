import { Text, View } from '@tarojs/components';
import type { QueueItem } from '@hotline/core';
import { staffText as t } from '@/locales/zh-CN.staff';
import { pressable } from '../lib/keyboard';
import { openCase } from '../lib/session';
import { Countdown } from './Countdown';

export function QueueCard({
  item,
  unit,
  children,
}: {
  item: QueueItem;
  unit?: string | null;
  children?: React.ReactNode;
}) {
  return (
    <View className="card staff-case" data-case={item.trackingNumber}>
      <View className="staff-case__head" onClick={() => openCase(item.id)} {...pressable(() => openCase(item.id))}>
        <Text className="staff-case__number">{item.trackingNumber}</Text>
        <Text className="staff-case__status">{t.status[item.status] ?? item.status}</Text>
      </View>
      <View onClick={() => openCase(item.id)}>
        <Text className="staff-case__summary">{item.summary}</Text>
      </View>
      <View className="staff-case__foot">
        <Countdown deadline={{ step: item.step, warnAt: item.warnAt, dueAt: item.dueAt }} kind={item} />
        {item.supervised && <Text className="staff-flag">{t.queue.supervised}</Text>}
        {item.problem && <Text className="staff-flag">{t.queue.problem}</Text>}
        {item.extensionPending && <Text className="staff-flag">{t.queue.extensionPending}</Text>}
        {unit && <Text className="muted">{unit}</Text>}
      </View>
      {children}
    </View>
  );
}
