// A spike alert (EARS C2): the category and township, the day's count against its baseline, and
// the cases behind it; without an id, the spikes of the last 30 days.
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

export default function SpikePage() {
  const user = useRequireStaff();
  const { detail: spike, recent, error } = useDetailOrRecent(user, analyticsApi.spike, () => {
    const today = shanghaiDate(new Date());
    return analyticsApi.spikes({ from: daysBefore(today, 29), to: today });
  });

  if (!user) return null;
  return (
    <View className="page staff analytics" {...roleProps('main')}>
      {error && <Text className="staff-error">{error}</Text>}
      {spike && (
        <View className="card analytics-spike" data-spike={spike.id}>
          <Text className="staff-title">{t.spike.heading(spike.townshipName, spike.categoryName, spike.count)}</Text>
          <Text className="muted">{t.spike.day(spike.day)}</Text>
          <Text className="staff-definition">{t.spike.baseline(spike.mean, spike.sd, spike.threshold)}</Text>
          <Text className="staff-label">{t.spike.cases(spike.cases.length)}</Text>
          <CaseRows items={spike.cases} />
        </View>
      )}
      {recent && (
        <View className="card" {...roleProps('region')} ariaLabel={t.spike.recent}>
          <Text className="staff-label">{t.spike.recent}</Text>
          {recent.items.length === 0 && <Text className="muted">{t.spike.none}</Text>}
          {recent.items.map((s) => (
            <MatterRow key={s.id} url={matterLinkFor('spike', s.id)} title={t.spike.heading(s.townshipName, s.categoryName, s.count)} when={s.day} />
          ))}
        </View>
      )}
    </View>
  );
}
