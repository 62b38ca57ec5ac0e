// The measures of each unit for a chosen period (三率 and the rest), as a table.
import { useEffect, useState } from 'react';
import { Input, Text, View } from '@tarojs/components';
import { isApiError } from '@hotline/api-client';
import { shanghaiDate, type MeasuresResponse, type UnitMeasures } from '@hotline/core';
import { Button } from '@/components/nutui';
import { roleProps } from '@/lib/a11y';
import { staffText as t } from '@/locales/zh-CN.staff';
import { useRequireStaff } from '../../lib/session';
import { staffApi } from '../../services/staffApi';
import '../../staff.css';

const RATES = [
  'responseRate',
  'resolutionRate',
  'satisfactionRate',
  'onTimeRate',
  'returnRate',
  'sentBackRate',
] as const;
const tabStop: Record<string, unknown> = process.env.TARO_ENV === 'h5' ? { tabIndex: 0 } : {};

const percent = (value: number | null) => (value === null ? t.measures.none : `${(value * 100).toFixed(1)}%`);

function monthStart(date: string): string {
  return `${date.slice(0, 8)}01`;
}

export default function StaffMeasuresPage() {
  const user = useRequireStaff();
  const today = shanghaiDate(new Date());
  const [from, setFrom] = useState(monthStart(today));
  const [to, setTo] = useState(today);
  const [data, setData] = useState<MeasuresResponse | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function load() {
    try {
      setData(await staffApi.measures(from, to));
      setError(null);
    } catch (e) {
      setError(isApiError(e) ? e.message : String(e));
    }
  }

  useEffect(() => {
    if (user) void load();
    // Loaded once on open; later on 查询.
  }, [user]);

  if (!user) return null;
  return (
    <View className="page staff" {...roleProps('main')}>
      <View className="card staff-period">
        <Text className="staff-label">{t.measures.from}</Text>
        <Input
          className="staff-input"
          value={from}
          ariaLabel={t.measures.from}
          onInput={(e) => setFrom(e.detail.value)}
        />
        <Text className="staff-label">{t.measures.to}</Text>
        <Input className="staff-input" value={to} ariaLabel={t.measures.to} onInput={(e) => setTo(e.detail.value)} />
        <Button type="primary" onClick={() => void load()}>
          {t.measures.load}
        </Button>
      </View>
      {error && <Text className="staff-error">{error}</Text>}
      {data && data.units.length === 0 && <Text className="muted">{t.measures.empty}</Text>}
      {data && data.units.length > 0 && (
        // The table scrolls sideways on a phone: a tab stop lets a keyboard scroll it too.
        <View className="staff-table" ariaRole="table" ariaLabel={t.measures.title} {...tabStop}>
          <View className="staff-table__row staff-table__row--head" ariaRole="row">
            <View className="staff-table__unit" {...roleProps('columnheader')}>
              {t.measures.unit}
            </View>
            {RATES.map((r) => (
              <View key={r} className="staff-table__cell" {...roleProps('columnheader')}>
                {t.measures[r]}
              </View>
            ))}
          </View>
          {data.units.map((u: UnitMeasures) => (
            <View key={u.unitId} className="staff-table__row" ariaRole="row" data-unit={u.code}>
              <View className="staff-table__unit" {...roleProps('rowheader')}>
                {u.name}
              </View>
              {RATES.map((r) => (
                <View key={r} className="staff-table__cell" {...roleProps('cell')}>
                  {percent(u[r])}
                </View>
              ))}
            </View>
          ))}
        </View>
      )}
    </View>
  );
}
