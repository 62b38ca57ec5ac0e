// A worker's queue: tabs with their counts, cases sorted by deadline with a live countdown, and
// counts kept current by the server's event stream (H5) or polling (weapp). At a desk-width
// browser the same queue shows as the centre's table beside the open case.
import { useEffect, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh, useReachBottom, useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { caseExport } from '@hotline/api-client';
import { can, type QueueTab } from '@hotline/core';
import { roleProps } from '@/lib/a11y';
import { staffText as t } from '@/locales/zh-CN.staff';
import { useAuth } from '@/stores/auth';
import { isDeskWidth, watchDeskWidth } from '@/platform/display';
import { DeskQueue } from '../../components/DeskQueue';
import { ExportButtons } from '../../components/ExportButtons';
import { QueueCard } from '../../components/QueueCard';
import { useRequireStaff } from '../../lib/session';
import { openLive } from '@/platform/live';
import { useQueue } from '../../stores';
import { tabsFor, type QueueSet } from '../../stores/queue';
import { QueueTabs } from '../../components/QueueTabs';
import '../../staff.css';

const PHONE_PAGE_SIZE = 20;
const DESK_PAGE_SIZE = 50;

export default function StaffQueuePage() {
  const user = useRequireStaff();
  const token = useAuth((s) => s.session?.accessToken);
  const params = useRouter().params;
  const set = (params.set ?? 'work') as QueueSet;
  const tabs = user ? tabsFor(user.role, set) : [];
  const { tab, counts, items, nextCursor, phase, open, more, refresh, refreshCounts, setPageSize, filters } =
    useQueue();
  const [mode, setMode] = useState<'live' | 'polling' | null>(null);
  const shown: QueueTab | undefined = tab && tabs.includes(tab) ? tab : tabs[0];
  const [desk, setDesk] = useState(isDeskWidth);
  useEffect(() => watchDeskWidth(setDesk), []);

  useEffect(() => {
    // The desk's table shows more rows than a phone's screenful of cards.
    setPageSize(desk ? DESK_PAGE_SIZE : PHONE_PAGE_SIZE);
    if (shown) void open(shown);
    // Only when the set, role or layout changes: tab changes open() themselves.
  }, [set, user?.role, desk]);

  useEffect(() => {
    if (!token) return undefined;
    // The event stream says when counts moved; polling (weapp, every 20 s) reads the shown tab too.
    let polling = false;
    return openLive(token, {
      onQueueChanged: () => void (polling ? refresh() : refreshCounts()),
      onMode: (next) => {
        polling = next === 'polling';
        setMode(next);
      },
    });
  }, [token, refreshCounts, refresh]);

  // Back in the foreground (WeChat calls the page's onShow): the list may be stale.
  useDidShow(() => void refresh());
  usePullDownRefresh(() => {
    if (shown) void open(shown).finally(() => void Taro.stopPullDownRefresh());
  });
  useReachBottom(() => void more());

  if (!user) return null;
  if (desk) return <DeskQueue key={set} user={user} tabs={tabs} openCase={params.open} />;
  return (
    <View className="page staff" {...roleProps('main')}>
      <QueueTabs tabs={tabs} shown={shown} counts={counts} onOpen={(name) => void open(name)} />
      {shown && can(user.role, 'exports.cases') && (
        <ExportButtons
          label={t.exports.queue(t.tabs[shown] ?? shown)}
          request={(format) => caseExport(shown, filters, format)}
        />
      )}
      {mode && <Text className="muted staff-live">{mode === 'live' ? t.queue.live : t.queue.polling}</Text>}
      {phase === 'failed' && <Text className="staff-error">{t.queue.loadFailed}</Text>}
      {phase === 'ready' && items.length === 0 && (
        <View className="card">
          <Text className="muted">{t.queue.empty}</Text>
        </View>
      )}
      {items.map((item) => (
        <QueueCard key={item.id} item={item} />
      ))}
      {nextCursor && (
        <View className="staff-more" onClick={() => void more()}>
          <Text>{t.queue.more}</Text>
        </View>
      )}
    </View>
  );
}
