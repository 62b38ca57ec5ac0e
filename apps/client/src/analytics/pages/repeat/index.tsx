// A repeated demand: same-category cases close together within 30 days, shown as one matter with
// all its cases; without an id, the matters of the last 30 days (a unit manager sees their unit's).
import { Text, View } from '@tarojs/components';
import { matterLinkFor, shanghaiDate } from '@hotline/core';
import { roleProps } from '@/lib/a11y';
import { analyticsText as t } from '@/locales/zh-CN.analytics';
import { useRequireStaff } from '../../../staff/lib/session';
import { CaseRows, MatterRow } from '../../components/CaseRows';
import { analyticsApi, daysBefore } from '../../lib/api';
import { useDetailOrRecent } from '../../lib/useDetailOrRecent';
import '../../../staff/staff.css';
import '../../analytics.css';

const day = (iso: string) => new Date(iso).toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });

export default function RepeatPage() {
  const user = useRequireStaff();
  const { detail: matter, recent, error } = useDetailOrRecent(user, analyticsApi.repeat, () => {
    const today = shanghaiDate(new Date());
    return analyticsApi.repeats({ from: daysBefore(today, 29), to: today });
  });

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
          <CaseRows items={matter.cases} />
        </View>
      )}
      {recent && (
        <View className="card" {...roleProps('region')} ariaLabel={t.repeat.recent}>
          <Text className="staff-label">{t.repeat.recent}</Text>
          {recent.items.length === 0 && <Text className="muted">{t.repeat.none}</Text>}
          {recent.items.map((r) => (
            <MatterRow
              key={r.id}
              url={matterLinkFor('repeat', r.id)}
              title={t.repeat.heading(r.townshipName ?? '', r.categoryName, r.size)}
              when={t.repeat.period(day(r.firstFiledAt), day(r.lastFiledAt))}
            />
          ))}
        </View>
      )}
    </View>
  );
}
