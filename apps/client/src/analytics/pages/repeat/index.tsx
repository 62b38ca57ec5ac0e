// A repeated demand: same-category cases close together within 30 days, shown as one matter with
// all its cases; without an id, the matters of the last 30 days (a unit manager sees their unit's).
import { useEffect, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { isApiError } from '@hotline/api-client';
import { shanghaiDate, type RepeatDetail, type RepeatsResponse } from '@hotline/core';
import { roleProps } from '@/lib/a11y';
import { analyticsText as t } from '@/locales/zh-CN.analytics';
import { staffText } from '@/locales/zh-CN.staff';
import { pressable } from '../../../staff/lib/keyboard';
import { openCase, useRequireStaff } from '../../../staff/lib/session';
import { analyticsApi, daysBefore } from '../../lib/api';
import '../../../staff/staff.css';
import '../../analytics.css';

const day = (iso: string) => new Date(iso).toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });

export default function RepeatPage() {
  const user = useRequireStaff();
  const id = Number(useRouter().params.id ?? 0);
  const [matter, setMatter] = useState<RepeatDetail | null>(null);
  const [recent, setRecent] = useState<RepeatsResponse | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!user) return;
    const today = shanghaiDate(new Date());
    const load = id > 0 ? analyticsApi.repeat(id).then(setMatter) : analyticsApi.repeats({ from: daysBefore(today, 29), to: today }).then(setRecent);
    load.catch((e: unknown) => setError(isApiError(e) ? e.message : String(e)));
  }, [user, id]);

  if (!user) return null;
  return (
    <View className="page staff analytics" {...roleProps('main')}>
      {error && <Text className="staff-error">{error}</Text>}
      {matter && (
        <View className="card analytics-repeat" data-repeat={matter.id}>
          <Text className="staff-title">{t.repeat.heading(matter.townshipName ?? '', matter.categoryName, matter.size)}</Text>
          <Text className="muted">{t.repeat.period(day(matter.firstFiledAt), day(matter.lastFiledAt))}</Text>
          {matter.unitName && <Text className="muted">{t.repeat.unit(matter.unitName)}</Text>}
          <Text className="staff-definition">{t.repeat.rule(matter.radiusM)}</Text>
          <Text className="staff-label">{t.repeat.cases(matter.cases.length)}</Text>
          {matter.cases.map((item) => (
            <View key={item.id} className="analytics-case" data-case={item.trackingNumber} {...roleProps('link')} onClick={() => openCase(item.id)} {...pressable(() => openCase(item.id))}>
              <Text className="analytics-case__number">{item.trackingNumber}</Text>
              <Text className="muted">{staffText.status[item.status as keyof typeof staffText.status] ?? item.status}</Text>
              <Text className="analytics-case__summary">{item.summary}</Text>
            </View>
          ))}
        </View>
      )}
      {recent && (
        <View className="card" {...roleProps('region')} ariaLabel={t.repeat.recent}>
          <Text className="staff-label">{t.repeat.recent}</Text>
          {recent.items.length === 0 && <Text className="muted">{t.repeat.none}</Text>}
          {recent.items.map((r) => {
            const go = () => void Taro.navigateTo({ url: `/analytics/pages/repeat/index?id=${r.id}` });
            return (
              <View key={r.id} className="analytics-case" {...roleProps('link')} onClick={go} {...pressable(go)}>
                <Text className="analytics-case__number">{t.repeat.heading(r.townshipName ?? '', r.categoryName, r.size)}</Text>
                <Text className="muted">{t.repeat.period(day(r.firstFiledAt), day(r.lastFiledAt))}</Text>
              </View>
            );
          })}
        </View>
      )}
    </View>
  );
}
