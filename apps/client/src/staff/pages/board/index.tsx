// The supervision board: warning, overdue and problem cases grouped by the unit holding them,
// with urge and supervise at hand.
import { useEffect, useState } from 'react';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { isApiError } from '@hotline/api-client';
import type { QueueItem, QueueTab } from '@hotline/core';
import { Button } from '@/components/nutui';
import { roleProps } from '@/lib/a11y';
import { staffText as t } from '@/locales/zh-CN.staff';
import { QueueCard } from '../../components/QueueCard';
import { useRequireStaff } from '../../lib/session';
import { staffApi } from '../../services/staffApi';
import { useDirectory, useQueue } from '../../stores';
import { unitName } from '../../stores/directory';
import { tabsFor } from '../../stores/queue';
import { QueueTabs } from '../../components/QueueTabs';
import '../../staff.css';

function groupByUnit(items: QueueItem[]): Array<[string | null, QueueItem[]]> {
  const groups = new Map<string | null, QueueItem[]>();
  for (const item of items) {
    const key = item.assigneeUnitId;
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  return [...groups.entries()].sort((a, b) => b[1].length - a[1].length);
}

export default function StaffBoardPage() {
  const user = useRequireStaff();
  const directory = useDirectory((s) => s.directory);
  const loadDirectory = useDirectory((s) => s.load);
  const { tab, counts, items, phase, open } = useQueue();
  const [message, setMessage] = useState<string | null>(null);
  const tabs: QueueTab[] = user ? tabsFor(user.role, 'board') : [];
  const shown = tab && tabs.includes(tab) ? tab : tabs[0];
  const canSupervise = user?.role === 'supervisor';

  useEffect(() => {
    void loadDirectory();
    if (shown) void open(shown);
    // Opened once; the tabs open themselves.
  }, []);

  usePullDownRefresh(() => {
    if (shown) void open(shown).finally(() => void Taro.stopPullDownRefresh());
  });

  async function act(item: QueueItem, action: 'urge' | 'supervise') {
    try {
      await staffApi.act(item.id, action, {});
      setMessage(`${item.trackingNumber} ${t.events[action]} ✓`);
      if (shown) void open(shown);
    } catch (e) {
      setMessage(t.detail.failed(isApiError(e) ? e.message : String(e)));
    }
  }

  if (!user) return null;
  return (
    <View className="page staff" {...roleProps('main')}>
      <QueueTabs tabs={tabs} shown={shown} counts={counts} onOpen={(name) => void open(name)} />
      {message && <Text className="muted">{message}</Text>}
      {phase === 'ready' && items.length === 0 && <Text className="muted">{t.queue.empty}</Text>}
      {groupByUnit(items).map(([unitId, group]) => (
        <View key={unitId ?? 'none'} className="staff-group">
          <Text className="staff-section">
            {t.board.group(unitName(directory, unitId) ?? t.board.unassigned, group.length)}
          </Text>
          {group.map((item) => (
            <QueueCard key={item.id} item={item}>
              {canSupervise && (
                <View className="staff-actions__buttons">
                  <Button size="small" onClick={() => void act(item, 'urge')}>
                    {t.events.urge}
                  </Button>
                  {!item.supervised && (
                    <Button size="small" onClick={() => void act(item, 'supervise')}>
                      {t.events.supervise}
                    </Button>
                  )}
                </View>
              )}
            </QueueCard>
          ))}
        </View>
      ))}
    </View>
  );
}
