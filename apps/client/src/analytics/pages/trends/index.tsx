// Trends: volume and the rates per day, week (from Monday) or month, filtered by category,
// township and channel, as a chart and as the table of the same figures.
import { useEffect, useMemo, useState } from 'react';
import { Input, Text, View } from '@tarojs/components';
import { isApiError } from '@hotline/api-client';
import { channels, shanghaiDate, type StaffDirectory, type TrendsResponse } from '@hotline/core';
import { Button } from '@/components/nutui';
import { roleProps } from '@/lib/a11y';
import { analyticsText as t } from '@/locales/zh-CN.analytics';
import { Choices } from '../../../staff/components/Choices';
import { useRequireStaff } from '../../../staff/lib/session';
import { Chart } from '../../components/Chart';
import { analyticsApi, daysBefore, directoryApi } from '../../lib/api';
import type { ChartOption } from '../../lib/echarts';
import '../../../staff/staff.css';
import '../../analytics.css';
import { isH5 } from '@/platform/env';

type Interval = TrendsResponse['interval'];
const RATES = ['responseRate', 'satisfactionRate', 'onTimeRate'] as const;
const DEFAULT_SPAN: Record<Interval, number> = { day: 29, week: 7 * 12 - 1, month: 365 };
// The table scrolls sideways on a phone: a tab stop lets a keyboard scroll it too.
const tabStop: Record<string, unknown> = isH5() ? { tabIndex: 0 } : {};
const percent = (v: number | null) => (v === null ? t.none : `${(v * 100).toFixed(1)}%`);

export default function TrendsPage() {
  const user = useRequireStaff();
  const today = shanghaiDate(new Date());
  const [interval, chooseInterval] = useState<Interval>('day');
  const [from, setFrom] = useState(daysBefore(today, DEFAULT_SPAN.day));
  const [to, setTo] = useState(today);
  const [categoryCode, setCategory] = useState('');
  const [townshipCode, setTownship] = useState('');
  const [channel, setChannel] = useState('');
  const [directory, setDirectory] = useState<StaffDirectory | null>(null);
  const [data, setData] = useState<TrendsResponse | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function load(next: Partial<{ interval: Interval; from: string; categoryCode: string; townshipCode: string; channel: string }> = {}) {
    const q = { interval, from, to, categoryCode, townshipCode, channel, ...next };
    try {
      setData(await analyticsApi.trends(q));
      setError(null);
    } catch (e) {
      setData(null);
      setError(isApiError(e) ? e.message : String(e));
    }
  }

  useEffect(() => {
    if (!user) return;
    void load();
    void directoryApi.directory().then(setDirectory, () => {});
  }, [user]);

  const option = useMemo<ChartOption | null>(() => (data ? trendOption(data) : null), [data]);
  if (!user) return null;

  const categories = (directory?.categories ?? []).filter((c) => c.parentCode === null).map((c) => ({ value: c.code, label: c.name }));
  const townships = (directory?.units ?? [])
    .filter((u) => u.kind === 'township' && u.areaCode)
    .map((u) => ({ value: u.areaCode as string, label: u.name }));
  const filter = (key: 'categoryCode' | 'townshipCode' | 'channel', set: (v: string) => void) => (value: string) => {
    set(value);
    void load({ [key]: value });
  };
  const total = data?.points.reduce((n, p) => n + p.counts.filed, 0) ?? 0;

  return (
    <View className="page staff analytics" {...roleProps('main')}>
      <View className="card staff-period">
        <Choices
          label={t.trends.interval}
          options={(['day', 'week', 'month'] as const).map((value) => ({ value, label: t.trends.intervals[value] }))}
          value={interval}
          onChange={(value) => {
            const next = value as Interval;
            const nextFrom = daysBefore(to, DEFAULT_SPAN[next]);
            chooseInterval(next);
            setFrom(nextFrom);
            void load({ interval: next, from: nextFrom });
          }}
        />
        <Text className="staff-label">{t.from}</Text>
        <Input className="staff-input" value={from} ariaLabel={t.from} onInput={(e) => setFrom(e.detail.value)} />
        <Text className="staff-label">{t.to}</Text>
        <Input className="staff-input" value={to} ariaLabel={t.to} onInput={(e) => setTo(e.detail.value)} />
        <Text className="staff-label">{t.trends.category}</Text>
        <Choices
          label={t.trends.category}
          options={[{ value: '', label: t.all }, ...categories]}
          value={categoryCode}
          onChange={filter('categoryCode', setCategory)}
        />
        <Text className="staff-label">{t.trends.township}</Text>
        <Choices
          label={t.trends.township}
          options={[{ value: '', label: t.all }, ...townships]}
          value={townshipCode}
          onChange={filter('townshipCode', setTownship)}
        />
        <Text className="staff-label">{t.trends.channel}</Text>
        <Choices
          label={t.trends.channel}
          options={[{ value: '', label: t.all }, ...channels.map((c) => ({ value: c, label: t.trends.channels[c] }))]}
          value={channel}
          onChange={filter('channel', setChannel)}
        />
        <Button type="primary" onClick={() => void load()}>
          {t.load}
        </Button>
      </View>
      {error && <Text className="staff-error">{error}</Text>}
      {data && option && (
        <View className="card analytics-chart" data-total={total}>
          <Chart id="trend-chart" option={option} height={320} label={t.trends.chart(data.from, data.to)} />
        </View>
      )}
      {data && total === 0 && <Text className="muted">{t.trends.empty}</Text>}
      {data && (
        <View className="staff-table analytics-table" ariaRole="table" ariaLabel={t.trends.table} {...tabStop}>
          <View className="staff-table__row staff-table__row--head" ariaRole="row">
            <View className="staff-table__unit" {...roleProps('columnheader')}>
              {t.trends.period}
            </View>
            <View className="staff-table__cell" {...roleProps('columnheader')}>
              {t.trends.filed}
            </View>
            {RATES.map((r) => (
              <View key={r} className="staff-table__cell" {...roleProps('columnheader')}>
                {t.trends[r]}
              </View>
            ))}
          </View>
          {data.points.map((p) => (
            <View key={p.period} className="staff-table__row" ariaRole="row" data-period={p.period}>
              <View className="staff-table__unit" {...roleProps('rowheader')}>
                {p.period}
              </View>
              <View className="staff-table__cell" {...roleProps('cell')} data-filed={p.counts.filed}>
                {p.counts.filed}
              </View>
              {RATES.map((r) => (
                <View key={r} className="staff-table__cell" {...roleProps('cell')}>
                  {percent(p.rates[r])}
                </View>
              ))}
            </View>
          ))}
        </View>
      )}
    </View>
  );
}

/** Volume as bars on the left axis, the rates as lines in percent on the right. */
function trendOption(data: TrendsResponse): ChartOption {
  const toPercent = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 10);
  return {
    aria: { enabled: true },
    animation: false,
    tooltip: { trigger: 'axis' },
    legend: { top: 0, data: [t.trends.filed, ...RATES.map((r) => t.trends[r])] },
    grid: { left: 40, right: 44, top: 48, bottom: 28 },
    xAxis: { type: 'category', data: data.points.map((p) => p.period) },
    yAxis: [
      { type: 'value', name: t.trends.filed, minInterval: 1 },
      { type: 'value', name: '%', min: 0, max: 100, splitLine: { show: false } },
    ],
    series: [
      { name: t.trends.filed, type: 'bar', data: data.points.map((p) => p.counts.filed), itemStyle: { color: '#1d4ed8' } },
      ...RATES.map((r, i) => ({
        name: t.trends[r],
        type: 'line',
        yAxisIndex: 1,
        connectNulls: true,
        symbol: ['circle', 'rect', 'triangle'][i],
        data: data.points.map((p) => toPercent(p.rates[r])),
      })),
    ],
  };
}
