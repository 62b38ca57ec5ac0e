// The measures (三率 and the rest) of units, categories or townships for a chosen period: the
// ranking a county publishes, each rate's change from the previous period, and what every rate
// means. A unit manager sees their own unit; everyone else who may read figures sees them all.
import { useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { Input, Text, View } from '@tarojs/components';
import { createAnalyticsApiClient, isApiError, measuresExport } from '@hotline/api-client';
import { can, matterLinkFor, measureRates, shanghaiDate, type AnalyticsMeasuresResponse, type MeasureRow } from '@hotline/core';
import { Button } from '@/components/nutui';
import { roleProps } from '@/lib/a11y';
import { staffText as t } from '@/locales/zh-CN.staff';
import { http } from '@/services/http';
import { useAuth } from '@/stores/auth';
import { Choices } from '../../components/Choices';
import { ExportButtons } from '../../components/ExportButtons';
import { useRequireStaff } from '../../lib/session';
import '../../staff.css';
import { isH5 } from '@/platform/env';

type By = AnalyticsMeasuresResponse['by'];
const tabStop: Record<string, unknown> = isH5() ? { tabIndex: 0 } : {};
const analyticsApi = createAnalyticsApiClient(http, {
  getToken: () => useAuth.getState().session?.accessToken,
  onUnauthorized: () => useAuth.getState().refresh(),
});

const percent = (value: number | null) => (value === null ? t.measures.none : `${(value * 100).toFixed(1)}%`);

/** The change in percentage points, the direction in words as well as by arrow. */
function change(value: number | null): string {
  if (value === null) return '';
  const points = (Math.abs(value) * 100).toFixed(1);
  if (points === '0.0') return t.measures.same;
  return value > 0 ? t.measures.up(points) : t.measures.down(points);
}

export default function StaffMeasuresPage() {
  const user = useRequireStaff();
  const today = shanghaiDate(new Date());
  const [from, setFrom] = useState(`${today.slice(0, 8)}01`);
  const [to, setTo] = useState(today);
  const [by, setBy] = useState<By>('unit');
  const [data, setData] = useState<AnalyticsMeasuresResponse | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function load(nextBy: By = by) {
    try {
      setData(await analyticsApi.measures({ from, to, by: nextBy }));
      setError(null);
    } catch (e) {
      setData(null);
      setError(isApiError(e) ? e.message : String(e));
    }
  }

  useEffect(() => {
    if (user) void load();
    // Loaded once on open; later on 查询 or a change of grouping.
  }, [user]);

  if (!user) return null;
  const readsAll = can(user.role, 'measures.read');
  return (
    <View className="page staff" {...roleProps('main')}>
      <View className="card staff-period">
        <Text className="staff-label">{t.measures.from}</Text>
        <Input className="staff-input" value={from} ariaLabel={t.measures.from} onInput={(e) => setFrom(e.detail.value)} />
        <Text className="staff-label">{t.measures.to}</Text>
        <Input className="staff-input" value={to} ariaLabel={t.measures.to} onInput={(e) => setTo(e.detail.value)} />
        <Choices
          label={t.measures.by}
          options={(['unit', 'category', 'township'] as const).map((value) => ({ value, label: t.measures.byOptions[value] }))}
          value={by}
          onChange={(value) => {
            setBy(value as By);
            void load(value as By);
          }}
        />
        <Button type="primary" onClick={() => void load()}>
          {t.measures.load}
        </Button>
        <ExportButtons label={t.measures.export} request={(format) => measuresExport({ from, to, by }, format)} />
        {readsAll && (
          <View className="staff-links">
            <Text className="staff-link" {...roleProps('link')} onClick={() => void Taro.navigateTo({ url: '/analytics/pages/trends/index' })}>
              {t.menu.trends}
            </Text>
            <Text className="staff-link" {...roleProps('link')} onClick={() => void Taro.navigateTo({ url: '/analytics/pages/hotspots/index' })}>
              {t.menu.hotspots}
            </Text>
            <Text className="staff-link" {...roleProps('link')} onClick={() => void Taro.navigateTo({ url: matterLinkFor('spike') })}>
              {t.menu.spikes}
            </Text>
          </View>
        )}
      </View>
      {!readsAll && <Text className="muted">{t.measures.ownUnit}</Text>}
      <Text className="staff-link" {...roleProps('link')} onClick={() => void Taro.navigateTo({ url: matterLinkFor('repeat') })}>
        {t.menu.repeats}
      </Text>
      {error && <Text className="staff-error">{error}</Text>}
      {data && data.rows.length === 0 && <Text className="muted">{t.measures.empty}</Text>}
      {data && data.rows.length > 0 && (
        <>
          <Text className="muted staff-measures__previous">{t.measures.previousPeriod(data.previousFrom, data.previousTo)}</Text>
          {/* The table scrolls sideways on a phone: a tab stop lets a keyboard scroll it too. */}
          <View className="staff-table" ariaRole="table" ariaLabel={t.measures.title} {...tabStop}>
            <View className="staff-table__row staff-table__row--head" ariaRole="row">
              <View className="staff-table__rank" {...roleProps('columnheader')}>
                {t.measures.rank}
              </View>
              <View className="staff-table__unit" {...roleProps('columnheader')}>
                {t.measures.byOptions[data.by]}
              </View>
              <View className="staff-table__count" {...roleProps('columnheader')}>
                {t.measures.filed}
              </View>
              {measureRates.map((r) => (
                <View key={r} className="staff-table__cell" {...roleProps('columnheader')}>
                  {t.measures[r]}
                </View>
              ))}
            </View>
            {data.rows.map((row: MeasureRow) => (
              <View key={row.key} className="staff-table__row" ariaRole="row" data-key={row.key} data-name={row.name}>
                <View className="staff-table__rank" {...roleProps('cell')}>
                  <Text>{row.rank ?? t.measures.none}</Text>
                  <Text className="staff-table__change">{t.measures.previousRank(row.previous.rank)}</Text>
                </View>
                <View className="staff-table__unit" {...roleProps('rowheader')}>
                  {row.name}
                </View>
                <View className="staff-table__count" {...roleProps('cell')}>
                  {row.counts.filed}
                </View>
                {measureRates.map((r) => (
                  <View key={r} className="staff-table__cell" {...roleProps('cell')} data-rate={r}>
                    <Text className="staff-table__value">{percent(row.rates[r])}</Text>
                    <Text className="staff-table__change">{change(row.change[r])}</Text>
                  </View>
                ))}
              </View>
            ))}
          </View>
          <View className="card staff-definitions" {...roleProps('region')} ariaLabel={t.measures.definitions}>
            <Text className="staff-label">{t.measures.definitions}</Text>
            {measureRates.map((r) => (
              <View key={r} className="staff-definition">
                <Text>{data.definitions[r] ?? ''}</Text>
              </View>
            ))}
            {data.notes.map((note) => (
              <View key={note} className="staff-definition muted">
                <Text>{note}</Text>
              </View>
            ))}
          </View>
        </>
      )}
    </View>
  );
}
