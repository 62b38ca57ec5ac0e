// Time limits and the calendar: the policy per step and demand type with its urgent variants, the
// office hours working time counts in, and the working calendar of a year (the built-in
// chinese-days holidays and 调休 shown, the admin's own days highlighted). Every change applies
// to deadlines computed afterwards, which the page says.
import { useEffect, useState } from 'react';
import { Input, Text, View } from '@tarojs/components';
import {
  demandTypes,
  officeHoursRequestSchema,
  putCalendarDayRequestSchema,
  putPolicyRequestSchema,
  type Duration,
  type TimeLimitPolicy,
} from '@hotline/core';
import { Button } from '@/components/nutui/button';
import { adminText as t } from '@/locales/zh-CN.admin';
import { AdminShell, useIsAdmin } from '../../components/AdminShell';
import { ConfirmButton } from '../../components/ConfirmButton';
import { FormEnd, TextField } from '../../components/Field';
import { monthDays, type CalendarDay } from '../../lib/calendar';
import { check, errorAt, refusalOf, type FieldErrors } from '../../lib/forms';
import { pressable } from '../../lib/keyboard';
import { useLoad } from '../../lib/useLoad';
import { useVersionedSave } from '../../lib/useVersionedSave';
import { adminApi } from '../../services/adminApi';

/** Each editable duration of the policy: where it sits and how the table names it. */
function durationRows(): { path: string[]; label: string; variant: 'normal' | 'urgent' | null }[] {
  const rows: { path: string[]; label: string; variant: 'normal' | 'urgent' | null }[] = [];
  for (const step of ['accept', 'dispatch', 'sign'] as const) {
    rows.push({ path: [step, 'normal'], label: t.time.steps[step]!, variant: 'normal' });
    rows.push({ path: [step, 'urgent'], label: t.time.steps[step]!, variant: 'urgent' });
  }
  for (const type of demandTypes) {
    rows.push({ path: ['reply', 'normal', type], label: t.time.reply(t.demandTypes[type] ?? type), variant: 'normal' });
  }
  rows.push({ path: ['reply', 'urgent'], label: t.time.replyAll, variant: 'urgent' });
  rows.push({ path: ['callback'], label: t.time.steps.callback!, variant: null });
  rows.push({ path: ['superviseAfterOverdue'], label: t.time.steps.superviseAfterOverdue!, variant: null });
  return rows;
}

function durationAt(policy: TimeLimitPolicy, path: string[]): Duration {
  return path.reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], policy) as Duration;
}

function withAmount(policy: TimeLimitPolicy, path: string[], amount: number): TimeLimitPolicy {
  const copy = JSON.parse(JSON.stringify(policy)) as TimeLimitPolicy;
  durationAt(copy, path).amount = amount;
  return copy;
}

function PolicyEditor() {
  const isAdmin = useIsAdmin();
  const stored = useLoad(isAdmin, () => adminApi.policy());
  const [draft, setDraft] = useState<Record<string, string>>({});
  const { errors, setErrors, conflict, saved, submit } = useVersionedSave();
  const policy = stored.data?.policy;

  async function save() {
    if (!stored.data || !policy) return;
    let next = policy;
    for (const [key, value] of Object.entries(draft)) next = withAmount(next, key.split('.'), Number(value));
    const checked = check(putPolicyRequestSchema, { ...next, expectedVersion: stored.data.version });
    if (!checked.ok) return setErrors(checked.errors);
    const { expectedVersion, ...request } = checked.data;
    await submit(
      () => adminApi.savePolicy(request, expectedVersion),
      (next) => {
        stored.setData(next);
        setDraft({});
      },
      // Someone else saved meanwhile: show theirs instead of overwriting it.
      () => {
        setDraft({});
        void stored.reload();
      },
    );
  }

  if (!policy) return stored.error ? <Text className="admin-error">{stored.error}</Text> : null;
  return (
    <View className="card" ariaLabel={t.time.policy}>
      <Text className="admin-title">{t.time.policy}</Text>
      {conflict && <Text className="admin-conflict">{t.common.conflict}</Text>}
      <View className="admin-table">
        <View className="admin-table__row admin-table__row--head">
          <Text className="admin-table__cell">{t.time.step}</Text>
          <Text className="admin-table__cell">
            {t.time.normal}/{t.time.urgent}
          </Text>
          <Text className="admin-table__cell">{t.time.amount}</Text>
          <Text className="admin-table__cell">{t.time.unit}</Text>
        </View>
        {durationRows().map((row) => {
          const key = row.path.join('.');
          const duration = durationAt(policy, row.path);
          return (
            <View key={key} className="admin-table__row" data-limit={key}>
              <Text className="admin-table__cell">{row.label}</Text>
              <Text className="admin-table__cell">{row.variant ? t.time[row.variant] : ''}</Text>
              <View className="admin-table__cell">
                <Input
                  className="admin-input"
                  type="digit"
                  value={draft[key] ?? String(duration.amount)}
                  ariaLabel={`${row.label}${row.variant ? ` ${t.time[row.variant]}` : ''}`}
                  onInput={(e) => setDraft({ ...draft, [key]: e.detail.value })}
                />
                {errorAt(errors, key) && <Text className="admin-error">{errorAt(errors, key)}</Text>}
              </View>
              <Text className="admin-table__cell">{t.time.units[duration.unit]}</Text>
            </View>
          );
        })}
      </View>
      <FormEnd error={errors.form} ok={saved && t.common.saved} label={t.common.save} onSubmit={() => void save()} />
    </View>
  );
}

function OfficeHours() {
  const isAdmin = useIsAdmin();
  const stored = useLoad(isAdmin, () => adminApi.officeHours());
  const [periods, setPeriods] = useState<{ start: string; end: string }[]>([]);
  const { errors, setErrors, conflict, saved, submit } = useVersionedSave();
  useEffect(() => {
    if (stored.data) setPeriods(stored.data.periods);
  }, [stored.data]);

  async function save() {
    if (!stored.data) return;
    const checked = check(officeHoursRequestSchema, { periods, expectedVersion: stored.data.version });
    if (!checked.ok) return setErrors(checked.errors);
    await submit(
      () => adminApi.saveOfficeHours(checked.data),
      stored.setData,
      () => void stored.reload(),
    );
  }

  const edit = (i: number, part: 'start' | 'end', value: string) =>
    setPeriods(periods.map((p, j) => (j === i ? { ...p, [part]: value } : p)));
  return (
    <View className="card" ariaLabel={t.time.officeHours}>
      <Text className="admin-title">{t.time.officeHours}</Text>
      {stored.data?.isDefault && <Text className="admin-muted">{t.time.officeHoursDefault}</Text>}
      {conflict && <Text className="admin-conflict">{t.common.conflict}</Text>}
      {periods.map((p, i) => (
        <View key={i} className="admin-actions">
          <TextField label={`${t.time.start} ${i + 1}`} value={p.start} onChange={(v) => edit(i, 'start', v)} />
          <TextField label={`${t.time.end} ${i + 1}`} value={p.end} onChange={(v) => edit(i, 'end', v)} />
        </View>
      ))}
      <FormEnd
        error={errors.periods ?? errors.form}
        ok={saved && t.common.saved}
        label={t.common.save}
        onSubmit={() => void save()}
      />
    </View>
  );
}

/** '2026-01-01' → '2026年1月1日': a screen reader hears the day number the square shows. */
const dayName = (date: string) => `${date.slice(0, 4)}年${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;

function Month({
  days,
  month,
  picked,
  pick,
}: {
  days: CalendarDay[];
  month: number;
  picked: string | null;
  pick(day: CalendarDay): void;
}) {
  const lead = days[0]?.weekday ?? 0;
  return (
    <View className="admin-month" ariaLabel={t.time.month(month)}>
      <Text className="admin-label">{t.time.month(month)}</Text>
      <View className="admin-month__grid">
        {t.time.weekdays.map((w) => (
          <Text key={w} className="admin-day admin-muted">
            {w}
          </Text>
        ))}
        {Array.from({ length: lead }, (_, i) => (
          <View key={`lead-${i}`} />
        ))}
        {days.map((d) => (
          <View
            key={d.date}
            className={`admin-day admin-day--${d.kind}${d.overridden ? ' admin-day--override' : ''}${d.date === picked ? ' admin-day--picked' : ''}`}
            data-date={d.date}
            data-kind={d.kind}
            data-override={d.overridden ? '1' : '0'}
            ariaLabel={`${dayName(d.date)} ${d.kind === 'holiday' ? t.time.holiday : d.kind === 'workday' ? t.time.workday : ''}${d.overridden ? ` ${t.time.override}` : ''}`}
            onClick={() => pick(d)}
            {...pressable(() => pick(d))}
          >
            <Text>{d.day}</Text>
          </View>
        ))}
      </View>
    </View>
  );
}

function Calendar() {
  const isAdmin = useIsAdmin();
  const [year, setYear] = useState(() => new Date().getFullYear());
  const calendar = useLoad(isAdmin, () => adminApi.calendar(year));
  const [picked, setPicked] = useState<CalendarDay | null>(null);
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [conflict, setConflict] = useState(false);
  useEffect(() => {
    if (isAdmin) void calendar.reload();
  }, [year]);

  async function apply(action: 'holiday' | 'workday' | 'clear') {
    if (!picked) return;
    try {
      if (action === 'clear') await adminApi.clearCalendarDay(picked.date, picked.version);
      else {
        const checked = check(putCalendarDayRequestSchema, {
          kind: action,
          ...(note.trim() ? { note } : {}),
          expectedVersion: picked.version,
        });
        if (!checked.ok) return setErrors(checked.errors);
        await adminApi.setCalendarDay(picked.date, checked.data);
      }
      setErrors({});
      setConflict(false);
    } catch (e) {
      const refusal = refusalOf(e);
      // Someone else changed the day meanwhile: the reload below shows theirs.
      if (refusal.code === 'CONFLICT') setConflict(true);
      else return setErrors(refusal.fields);
    }
    const next = await calendar.reload();
    const month = Number(picked.date.slice(5, 7));
    const now = next ? (monthDays(next, month).find((d) => d.date === picked.date) ?? null) : null;
    setPicked(now);
    if (now) setNote(now.note ?? '');
  }

  const data = calendar.data?.year === year ? calendar.data : null;
  return (
    <View className="card">
      <View className="admin-actions">
        <Text className="admin-title">
          {t.time.calendar} · {t.time.year(year)}
        </Text>
        <Button onClick={() => setYear(year - 1)}>{t.time.prevYear}</Button>
        <Button onClick={() => setYear(year + 1)}>{t.time.nextYear}</Button>
      </View>
      {data && !data.libraryCoversYear && <Text className="admin-conflict">{t.time.libraryMissing}</Text>}
      <Text className="admin-muted">
        {t.time.legend}
        <Text className="admin-day--holiday"> {t.time.holiday} </Text>
        <Text className="admin-day--workday"> {t.time.workday} </Text>
        <Text className="admin-day--weekend"> {t.time.weekend} </Text>
        <Text className="admin-day--override"> {t.time.override} </Text>
      </Text>
      {picked ? (
        <View className="admin-note" ariaLabel={t.time.day}>
          <Text className="admin-label">
            {picked.date}
            {picked.overridden ? ` · ${t.time.override}` : ''}
            {picked.note ? ` · ${picked.note}` : ''}
          </Text>
          <TextField label={t.time.note} value={note} onChange={setNote} error={errors.note} />
          {conflict && <Text className="admin-conflict">{t.common.conflict}</Text>}
          {errors.form && <Text className="admin-error">{errors.form}</Text>}
          <View className="admin-actions">
            <Button type="primary" onClick={() => void apply('holiday')}>
              {t.time.setHoliday}
            </Button>
            <Button onClick={() => void apply('workday')}>{t.time.setWorkday}</Button>
            {picked.overridden && <ConfirmButton label={t.time.clear} onConfirm={() => void apply('clear')} />}
          </View>
        </View>
      ) : (
        <Text className="admin-note">{t.time.pickDay}</Text>
      )}
      {data && (
        <View className="admin-months">
          {Array.from({ length: 12 }, (_, i) => (
            <Month
              key={i}
              month={i + 1}
              days={monthDays(data, i + 1)}
              picked={picked?.date ?? null}
              pick={(d) => {
                setPicked(d);
                setNote(d.note ?? '');
                setConflict(false);
              }}
            />
          ))}
        </View>
      )}
    </View>
  );
}

export default function AdminTimePage() {
  return (
    <AdminShell section="time">
      <Text className="admin-conflict">{t.time.appliesToNew}</Text>
      <View className="admin-panes">
        <View className="admin-pane admin-pane--narrow">
          <PolicyEditor />
          <OfficeHours />
        </View>
        <View className="admin-pane">
          <Calendar />
        </View>
      </View>
    </AdminShell>
  );
}
