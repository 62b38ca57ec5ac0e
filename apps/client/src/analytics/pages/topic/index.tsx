// 每月一题: without an id, the topics marked so far and, for an analyst, the form that marks this
// month's matter (category + township); with one, the matter's volume and rates month by month,
// six months before the topic to six after, as a chart and as the table of the same figures.
import { useEffect, useMemo, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Input, Text, View } from '@tarojs/components';
import { isApiError } from '@hotline/api-client';
import { can, reportLinkFor, shanghaiDate, type StaffDirectory, type Topic, type TopicDetail } from '@hotline/core';
import { Button } from '@/components/nutui';
import { roleProps } from '@/lib/a11y';
import { analyticsText } from '@/locales/zh-CN.analytics';
import { Choices } from '../../../staff/components/Choices';
import { useRequireStaff } from '../../../staff/lib/session';
import { Chart } from '../../components/Chart';
import { MatterRow } from '../../components/CaseRows';
import { analyticsApi, directoryApi } from '../../lib/api';
import type { ChartOption } from '../../lib/echarts';
import '../../../staff/staff.css';
import '../../analytics.css';
import { isH5 } from '@/platform/env';

const t = analyticsText.topic;
const RATES = ['responseRate', 'satisfactionRate', 'onTimeRate'] as const;
const percent = (v: number | null) => (v === null ? analyticsText.none : `${(v * 100).toFixed(1)}%`);
const tabStop: Record<string, unknown> = isH5() ? { tabIndex: 0 } : {};

export default function TopicPage() {
  const user = useRequireStaff();
  const id = Number(useRouter().params.id ?? 0);
  const [topic, setTopic] = useState<TopicDetail | null>(null);
  const [topics, setTopics] = useState<Topic[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!user) return;
    const load = id > 0 ? analyticsApi.topic(id).then(setTopic) : analyticsApi.topics().then((r) => setTopics(r.items));
    load.catch((e: unknown) => setError(isApiError(e) ? e.message : String(e)));
  }, [user, id]);

  const option = useMemo<ChartOption | null>(() => (topic ? topicOption(topic) : null), [topic]);
  if (!user) return null;
  return (
    <View className="page staff analytics" {...roleProps('main')}>
      {error && <Text className="staff-error">{error}</Text>}
      {topics && can(user.role, 'analytics.topics') && <MarkTopic onMarked={(marked) => void Taro.navigateTo({ url: reportLinkFor('topic', marked.id) })} />}
      {topics && (
        <View className="card" {...roleProps('region')} ariaLabel={t.list}>
          <Text className="staff-label">{t.list}</Text>
          {topics.length === 0 && <Text className="muted">{t.none}</Text>}
          {topics.map((x) => (
            <MatterRow key={x.id} url={reportLinkFor('topic', x.id)} title={t.heading(x.month, x.title)} when={t.matter(x.categoryName, x.townshipName)} />
          ))}
        </View>
      )}
      {topic && option && (
        <View className="analytics-topic" data-topic={topic.id}>
          <View className="card">
            <Text className="staff-title">{t.heading(topic.month, topic.title)}</Text>
            <Text className="muted">{t.matter(topic.categoryName, topic.townshipName)}</Text>
          </View>
          <View className="card analytics-chart">
            <Chart id="topic-chart" option={option} height={300} label={t.chart(topic.title)} />
          </View>
          <View className="staff-table analytics-table" ariaRole="table" ariaLabel={t.table} {...tabStop}>
            <View className="staff-table__row staff-table__row--head" ariaRole="row">
              {[t.period, t.phaseHead, analyticsText.trends.filed, ...RATES.map((r) => analyticsText.trends[r])].map((head) => (
                <View key={head} className="staff-table__cell" {...roleProps('columnheader')}>
                  {head}
                </View>
              ))}
            </View>
            {topic.months.map((m) => (
              <View key={m.period} className={`staff-table__row analytics-topic__${m.phase}`} ariaRole="row" data-period={m.period}>
                <View className="staff-table__unit" {...roleProps('rowheader')}>
                  {m.period}
                </View>
                <View className="staff-table__cell" {...roleProps('cell')}>
                  {t.phase[m.phase]}
                </View>
                <View className="staff-table__cell" {...roleProps('cell')} data-filed={m.counts.filed}>
                  {m.counts.filed}
                </View>
                {RATES.map((r) => (
                  <View key={r} className="staff-table__cell" {...roleProps('cell')}>
                    {percent(m.rates[r])}
                  </View>
                ))}
              </View>
            ))}
          </View>
        </View>
      )}
    </View>
  );
}

function MarkTopic({ onMarked }: { onMarked(topic: Topic): void }) {
  const [directory, setDirectory] = useState<StaffDirectory | null>(null);
  const [month, setMonth] = useState(shanghaiDate(new Date()).slice(0, 7));
  const [categoryCode, setCategory] = useState('');
  const [townshipCode, setTownship] = useState('');
  const [title, setTitle] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => void directoryApi.directory().then(setDirectory, () => {}), []);
  const all = directory?.categories ?? [];
  const leaves = all.filter((c) => !all.some((x) => x.parentCode === c.code)).map((c) => ({ value: c.code, label: c.name }));
  const townships = (directory?.units ?? []).filter((u) => u.kind === 'township' && u.areaCode).map((u) => ({ value: u.areaCode as string, label: u.name }));

  async function submit() {
    setBusy(true);
    try {
      onMarked(await analyticsApi.markTopic({ month, categoryCode, title, ...(townshipCode ? { townshipCode } : {}) }));
      setError(null);
    } catch (e) {
      setError(isApiError(e) ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <View className="card analytics-topic-form" {...roleProps('region')} ariaLabel={t.mark}>
      <Text className="staff-label">{t.mark}</Text>
      <Text className="staff-label">{t.month}</Text>
      <Input className="staff-input" value={month} ariaLabel={t.month} onInput={(e) => setMonth(e.detail.value)} />
      <Text className="staff-label">{t.category}</Text>
      <Choices label={t.category} options={leaves} value={categoryCode} onChange={setCategory} />
      <Text className="staff-label">{t.township}</Text>
      <Choices label={t.township} options={[{ value: '', label: t.anyTownship }, ...townships]} value={townshipCode} onChange={setTownship} />
      <Text className="staff-label">{t.name}</Text>
      <Input className="staff-input" value={title} placeholder={t.namePlaceholder} ariaLabel={t.name} onInput={(e) => setTitle(e.detail.value)} />
      {error && <Text className="staff-error">{error}</Text>}
      <Button type="primary" disabled={busy || !categoryCode || title.trim().length < 2} onClick={() => void submit()}>
        {t.submit}
      </Button>
    </View>
  );
}

/** Volume as bars, the rates as lines in percent, the topic's month marked. */
function topicOption(topic: TopicDetail): ChartOption {
  const toPercent = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 10);
  const names = RATES.map((r) => analyticsText.trends[r]);
  return {
    aria: { enabled: true },
    animation: false,
    tooltip: { trigger: 'axis' },
    legend: { top: 0, data: [analyticsText.trends.filed, ...names] },
    grid: { left: 40, right: 44, top: 48, bottom: 28 },
    xAxis: { type: 'category', data: topic.months.map((m) => m.period) },
    yAxis: [
      { type: 'value', name: analyticsText.trends.filed, minInterval: 1 },
      { type: 'value', name: '%', min: 0, max: 100, splitLine: { show: false } },
    ],
    series: [
      {
        name: analyticsText.trends.filed,
        type: 'bar',
        data: topic.months.map((m) => ({ value: m.counts.filed, itemStyle: { color: m.phase === 'topic' ? '#b45309' : '#1d4ed8' } })),
      },
      ...RATES.map((r, i) => ({
        name: names[i],
        type: 'line',
        yAxisIndex: 1,
        connectNulls: true,
        data: topic.months.map((m) => toPercent(m.rates[r])),
      })),
    ],
  };
}
