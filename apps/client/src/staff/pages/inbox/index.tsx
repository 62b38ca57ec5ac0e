// The notification inbox: newest first, unread marked in words, a tap opens the case.
import { useCallback, useEffect, useState } from 'react';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { InboxItem } from '@hotline/core';
import { Tappable } from '@/components/Tappable';
import { roleProps } from '@/lib/a11y';
import { dayjs } from '@/lib/dayjs';
import { staffText as t } from '@/locales/zh-CN.staff';
import { useAuth } from '@/stores/auth';
import { openCase, useRequireStaff } from '../../lib/session';
import { openLive } from '@/platform/live';
import { staffApi } from '../../services/staffApi';
import '../../staff.css';

export default function StaffInboxPage() {
  const user = useRequireStaff();
  const token = useAuth((s) => s.session?.accessToken);
  const [items, setItems] = useState<InboxItem[]>([]);
  const [failed, setFailed] = useState(false);

  const load = useCallback(async () => {
    try {
      setItems((await staffApi.inbox({ limit: 50 })).items);
      setFailed(false);
    } catch {
      setFailed(true);
    }
  }, []);

  useEffect(() => {
    if (user) void load();
  }, [user, load]);

  useEffect(() => {
    if (!token) return undefined;
    return openLive(token, {
      onQueueChanged: () => {},
      onInbox: (item) => setItems((old) => (old.some((i) => i.id === item.id) ? old : [item, ...old])),
    });
  }, [token]);

  usePullDownRefresh(() => void load().finally(() => void Taro.stopPullDownRefresh()));

  async function open(item: InboxItem) {
    if (!item.readAt) {
      setItems((old) => old.map((i) => (i.id === item.id ? { ...i, readAt: new Date().toISOString() } : i)));
      void staffApi.markRead(item.id).catch(() => {});
    }
    // A message about many cases (a spike, a bulletin) leads to its own page; the rest to their case.
    if (item.link.startsWith('/analytics/') || item.caseId === null) void Taro.navigateTo({ url: item.link });
    else openCase(item.caseId);
  }

  if (!user) return null;
  return (
    <View className="page staff" {...roleProps('main')}>
      {failed && <Text className="staff-error">{t.queue.loadFailed}</Text>}
      {!failed && items.length === 0 && <Text className="muted">{t.inbox.empty}</Text>}
      {items.map((item) => (
        <Tappable
          key={item.id}
          role="link"
          className={`card staff-inbox${item.readAt ? '' : ' staff-inbox--unread'}`}
          onTap={() => void open(item)}
        >
          <View className="staff-case__head">
            <Text className="staff-inbox__title">{item.title}</Text>
            {!item.readAt && <Text className="staff-flag">{t.inbox.unread}</Text>}
          </View>
          <Text>{item.body}</Text>
          <Text className="muted">{dayjs(item.createdAt).format('M月D日 HH:mm')}</Text>
        </Tappable>
      ))}
    </View>
  );
}
