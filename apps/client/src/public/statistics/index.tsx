// Public statistics, without sign-in: volume this month and the five before, the month's top
// categories, and each unit's 三率 and on-time rate (the monthly ranking).
import { useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import type { PublicStatistics } from '@hotline/core';
import { publicText as t } from '@/locales/zh-CN.public';
import { usePreferences } from '@/stores/preferences';
import { publicApi } from '../services/publicApi';
import '../public.css';

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

  if (failed)
    return (
      <View className="page public">
        <View className="public__error" hoverClass="none" onClick={() => load()}>
          {t.statistics.failed}
        </View>
      </View>
    );
  if (!stats) return <View className="page public"><Text className="muted">…</Text></View>;
  const most = Math.max(1, ...stats.volume.map((v) => v.filed));
  return (
    <View className={`page public${largeText ? ' page--large-text' : ''}`}>
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
        <View className="public__table-row muted">
          <Text className="public__cell--name">{t.statistics.unit}</Text>
          <Text className="public__cell">{t.statistics.response}</Text>
          <Text className="public__cell">{t.statistics.resolution}</Text>
          <Text className="public__cell">{t.statistics.satisfaction}</Text>
          <Text className="public__cell">{t.statistics.onTime}</Text>
        </View>
        {stats.units.length === 0 && <Text className="muted">{t.statistics.noUnits}</Text>}
        {stats.units.map((u) => (
          <View key={u.name} className="public__table-row" data-unit={u.name}>
            <Text className="public__cell--name">{u.name}</Text>
            <Text className="public__cell">{percent(u.responseRate)}</Text>
            <Text className="public__cell">{percent(u.resolutionRate)}</Text>
            <Text className="public__cell">{percent(u.satisfactionRate)}</Text>
            <Text className="public__cell">{percent(u.onTimeRate)}</Text>
          </View>
        ))}
      </View>
    </View>
  );
}
