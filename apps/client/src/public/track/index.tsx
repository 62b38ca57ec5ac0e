// A case's status by tracking number and the last four digits of the phone, without sign-in:
// the page residents who called the hotline have (the look-up is rate-limited by the server).
import { useState } from 'react';
import { Input, Text, View } from '@tarojs/components';
import { isApiError } from '@hotline/api-client';
import { Button } from '@/components/nutui';
import { dayjs } from '@/lib/dayjs';
import { publicText as t } from '@/locales/zh-CN.public';
import { PageHeading } from '@/components/Tappable';
import { roleProps } from '@/lib/a11y';
import { usePreferences } from '@/stores/preferences';
import { publicApi } from '../services/publicApi';
import '../public.css';

const TRACKING = /^HL\d{8}-\d{6}$/;

export default function TrackPage() {
  const largeText = usePreferences((s) => s.largeText);
  const [number, setNumber] = useState('');
  const [last4, setLast4] = useState('');
  const [result, setResult] = useState<{ status: string; updatedAt: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function lookup() {
    const tracking = number.trim().toUpperCase();
    if (!TRACKING.test(tracking) || !/^\d{4}$/.test(last4)) return setError(t.track.invalid);
    setError(null);
    setResult(null);
    setBusy(true);
    try {
      setResult(await publicApi.lookup(tracking, last4));
    } catch (e) {
      setError(isApiError(e) && e.code === 'RATE_LIMITED' ? t.track.tooMany : t.track.notFound);
    } finally {
      setBusy(false);
    }
  }

  return (
    <View className={`page public${largeText ? ' page--large-text' : ''}`} {...roleProps('main')}>
      <PageHeading>{t.track.title}</PageHeading>
      <View className="card">
        <Text className="muted public__intro">{t.track.intro}</Text>
        <Text className="public__label">{t.track.number}</Text>
        <Input className="public__input" value={number} maxlength={18} placeholder={t.track.numberPlaceholder} ariaLabel={t.track.number} onInput={(e) => setNumber(e.detail.value)} />
        <Text className="public__label">{t.track.last4}</Text>
        <Input className="public__input" type="number" value={last4} maxlength={4} ariaLabel={t.track.last4} onInput={(e) => setLast4(e.detail.value)} />
        {error && (
          <View className="public__error" {...roleProps('alert')}>
            {error}
          </View>
        )}
        <Button type="primary" size="xlarge" block loading={busy} onClick={() => void lookup()}>
          {t.track.submit}
        </Button>
      </View>
      {/* Announced when it arrives: the status is words, read out as well as shown. */}
      {result && (
        <View className="card" {...roleProps('status')}>
          <Text className="muted">{t.track.status}</Text>
          <Text className="public__result">{t.statusNames[result.status] ?? result.status}</Text>
          <Text className="muted">{t.track.updated(dayjs(result.updatedAt).format('YYYY年M月D日 HH:mm'))}</Text>
        </View>
      )}
    </View>
  );
}
