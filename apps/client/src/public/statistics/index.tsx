// Public statistics, without sign-in: volume this month and the five before, the month's top
// categories, and each unit's 三率 and on-time rate (the monthly ranking).
import { useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import type { PublicStatistics } from '@hotline/core';
import { publicText as t } from '@/locales/zh-CN.public';
import { PageHeading, Tappable } from '@/components/Tappable';
import { roleProps } from '@/lib/a11y';
import { usePreferences } from '@/stores/preferences';
import { publicApi } from '../services/publicApi';
import '../public.css';

// Taro's View types leave tabIndex out; H5 passes it on, the mini-program scrolls by touch.
const SCROLLS_BY_KEYBOARD: object = { tabIndex: 0 };

const percent = (rate: number | null) => (rate === null ? t.statistics.none : `${(rate * 100).toFixed(1)}%`);

export default function PublicStatisticsPage() {
  const largeText = usePreferences((s) => s.largeText);
  const [stats, setStats] = useState<PublicStatistics | null>(null);
  const [failed, setFailed] = useState(false);

  function load(month?: string) {
    setFailed(false);
    publicApi.statistics(month).then(setStats, () => setFailed(true));
  }
  useEffect(() => load(), []);

  const pageClass = `page public${largeText ? ' page--large-text' : ''}`;
  if (failed)
    return (
      <View className={pageClass} {...roleProps('main')}>
        <PageHeading>{t.statistics.title}</PageHeading>
        <Tappable className="public__error" onTap={() => load()}>
          {t.statistics.failed}
        </Tappable>
      </View>
    );
  if (!stats)
    return (
      <View className={pageClass} {...roleProps('main')}>
        <PageHeading>{t.statistics.title}</PageHeading>
        <Text className="muted">…</Text>
      </View>
    );
  const most = Math.max(1, ...stats.volume.map((v) => v.filed));
  return (
    <View className={pageClass} {...roleProps('main')}>
      <PageHeading>{t.statistics.title}</PageHeading>
      <View className="card">
        <Text className="public__item-title">{t.statistics.month(stats.month)}</Text>
        <Text className="public__label">{t.statistics.volume}</Text>
        {stats.volume.map((v) => (
          <View key={v.month} className="public__bar-row" data-month={v.month}>
            <Text className="public__bar-label">{t.statistics.month(v.month)}</Text>
            <View className="public__bar" style={{ width: `${Math.max(2, (v.filed / most) * 60)}%` }} />
            <Text>{t.statistics.filed(v.filed)}</Text>
          </View>
        ))}
      </View>
      <View className="card">
        <Text className="public__label">{t.statistics.top}</Text>
        {stats.topCategories.map((c, i) => (
          <View key={c.code} className="public__table-row">
            <Text className="public__cell--name">{`${i + 1}. ${c.name}`}</Text>
            <Text className="public__cell">{t.statistics.filed(c.filed)}</Text>
          </View>
        ))}
      </View>
      <View className="card">
        <Text className="public__label">{t.statistics.ranking}</Text>
        {stats.units.length === 0 && <Text className="muted">{t.statistics.noUnits}</Text>}
        {/* Five columns do not fit large text or a zoomed page: the table scrolls sideways, by keyboard too. */}
        <View className="public__table" {...roleProps('table')} ariaLabel={t.statistics.ranking} {...SCROLLS_BY_KEYBOARD}>
          <View className="public__table-row muted" {...roleProps('row')}>
            <View className="public__cell--name" {...roleProps('columnheader')}>{t.statistics.unit}</View>
            {[t.statistics.response, t.statistics.resolution, t.statistics.satisfaction, t.statistics.onTime].map((heading) => (
              <View key={heading} className="public__cell" {...roleProps('columnheader')}>
                {heading}
              </View>
            ))}
          </View>
          {stats.units.map((u) => (
            <View key={u.name} className="public__table-row" {...roleProps('row')} data-unit={u.name}>
              <View className="public__cell--name" {...roleProps('rowheader')}>{u.name}</View>
              {[u.responseRate, u.resolutionRate, u.satisfactionRate, u.onTimeRate].map((rate, i) => (
                <View key={i} className="public__cell" {...roleProps('cell')}>
                  {percent(rate)}
                </View>
              ))}
            </View>
          ))}
        </View>
      </View>
    </View>
  );
}
