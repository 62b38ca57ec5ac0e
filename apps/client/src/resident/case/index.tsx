// One case as its resident sees it: status, unit, deadline, the resident-visible timeline,
// photos, and the actions allowed now (supplement, urge, rate, reopen).
import { useCallback, useEffect, useState } from 'react';
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro';
import { Image, Text, Textarea, View } from '@tarojs/components';
import type { RateRequest, ResidentCaseDetail } from '@hotline/core';
import { Button } from '@/components/nutui';
import { caseStatusText } from '@/components/CaseItem';
import { LocationMap } from '@/platform/location-map';
import { locationText } from '@/locales/zh-CN.location';
import { PageHeading, Tappable } from '@/components/Tappable';
import { roleProps } from '@/lib/a11y';
import { residentActions, type ResidentAction } from '@/lib/caseActions';
import { dayjs } from '@/lib/dayjs';
import { errorMessage } from '@/locales/errors';
import { t } from '@/locales/zh-CN';
import { mediaUrl } from '@/platform';
import { api } from '@/services/api';
import { usePreferences } from '@/stores/preferences';
import './index.css';
import { notice } from '@/lib/notice';

type Form = null | 'supplement' | 'rate' | 'reopen';

const when = (iso: string) => dayjs(iso).format('YYYY年M月D日 HH:mm');

export default function CaseDetailPage() {
  const largeText = usePreferences((s) => s.largeText);
  const id = useRouter().params?.id ?? '';
  const [detail, setDetail] = useState<ResidentCaseDetail | null>(null);
  const [failed, setFailed] = useState(false);
  const [form, setForm] = useState<Form>(null);
  const [text, setText] = useState('');
  const [satisfaction, setSatisfaction] = useState<RateRequest['satisfaction']>('satisfied');
  const [solved, setSolved] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    try {
      setDetail(await api.caseDetail(id));
      setFailed(false);
    } catch {
      setFailed(true);
    }
  }, [id]);

  useEffect(() => {
    void load();
  }, [load]);

  usePullDownRefresh(() => {
    void load().finally(() => void Taro.stopPullDownRefresh());
  });

  async function act(action: ResidentAction) {
    if (action === 'urge') return run(() => api.urge(id), t.detail.urged);
    setForm(action);
    setText('');
    setError(null);
  }

  async function run(call: () => Promise<ResidentCaseDetail>, done: string) {
    setBusy(true);
    setError(null);
    try {
      setDetail(await call());
      setForm(null);
      notice(done);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  function send() {
    if (form === 'supplement') {
      if (!text.trim()) return setError(t.detail.supplementPlaceholder);
      return run(() => api.supplement(id, text.trim()), t.detail.supplementSent);
    }
    if (form === 'reopen') {
      if (text.trim().length < 5) return setError(t.detail.tooShort);
      return run(() => api.reopen(id, text.trim()), t.detail.reopenSent);
    }
    if (form === 'rate') {
      return run(
        () => api.rate(id, { satisfaction, solved, ...(text.trim() ? { comment: text.trim() } : {}) }),
        t.detail.rated,
      );
    }
    return undefined;
  }

  const page = `page case-detail${largeText ? ' page--large-text' : ''}`;
  if (!detail)
    return (
      <View className={page} {...roleProps('main')}>
        <PageHeading>{t.detail.title}</PageHeading>
        <Text className="muted">{failed ? t.detail.loadFailed : t.common.loading}</Text>
      </View>
    );

  const actions = residentActions(detail);
  async function toggleConsent() {
    if (!detail) return;
    try {
      await api.publishConsent(detail.id, !detail.publishConsent);
      setDetail({ ...detail, publishConsent: !detail.publishConsent });
    } catch (e) {
      notice(errorMessage(e));
    }
  }
  const photos = detail.media.map((m) => mediaUrl(m.url));
  const label: Record<ResidentAction, string> = {
    supplement: t.detail.supplement,
    urge: t.detail.urge,
    rate: t.detail.rate,
    reopen: t.detail.reopen,
  };

  return (
    <View className={page} {...roleProps('main')}>
      <PageHeading>{t.detail.title}</PageHeading>
      <View className="card">
        <View className="detail__row">
          <Text className="muted">{t.detail.trackingNumber}</Text>
          <Text className="detail__tn">{detail.trackingNumber}</Text>
        </View>
        <View className="detail__row">
          <Text className="muted">{t.detail.status}</Text>
          <Text className="detail__status">{caseStatusText(detail.status)}</Text>
        </View>
        <View className="detail__row">
          <Text className="muted">{t.detail.unit}</Text>
          <Text>{detail.currentUnitName ?? t.detail.unitPending}</Text>
        </View>
        {detail.deadline && (
          <View className="detail__row">
            <Text className="muted">{t.detail.deadline}</Text>
            <Text>{`${when(detail.deadline.dueAt)}${t.detail.deadlineState[detail.deadline.state] ?? ''}`}</Text>
          </View>
        )}
        <Text className="detail__text">{detail.description}</Text>
        {photos.length > 0 && (
          <View className="detail__photos">
            {detail.media.map((m, i) => (
              <Tappable
                key={m.id}
                label={t.detail.photo(i + 1)}
                onTap={() => void Taro.previewImage({ urls: photos, current: mediaUrl(m.url) })}
              >
                <Image className="detail__thumb" src={mediaUrl(m.thumbUrl)} mode="aspectFill" />
              </Tappable>
            ))}
          </View>
        )}
      </View>

      {detail.location && (
        <View className="card">
          <Text className="muted">{locationText.place}</Text>
          <LocationMap lat={detail.location.lat} lng={detail.location.lng} address={detail.address} />
        </View>
      )}

      {detail.relation === 'filer' && (
        <View className="card detail__row">
          <Text className="muted">{t.detail.publishConsent(detail.publishConsent)}</Text>
          <Button size="small" onClick={() => void toggleConsent()}>
            {t.detail.publishConsentToggle(detail.publishConsent)}
          </Button>
        </View>
      )}

      {actions.length > 0 && (
        <View className="card detail__actions">
          {actions.map((action) => (
            <Button key={action} size="large" loading={busy && action === 'urge'} onClick={() => void act(action)}>
              {label[action]}
            </Button>
          ))}
        </View>
      )}

      {form && (
        <View className="card">
          <Text className="detail__section">{label[form]}</Text>
          {form === 'rate' && (
            <View className="detail__choices">
              {(Object.keys(t.detail.satisfaction) as RateRequest['satisfaction'][]).map((s) => (
                <Tappable
                  key={s}
                  role="radio"
                  checked={satisfaction === s}
                  className={`detail__choice${satisfaction === s ? ' detail__choice--on' : ''}`}
                  onTap={() => setSatisfaction(s)}
                >
                  {satisfaction === s ? `${t.common.chosenMark} ${t.detail.satisfaction[s]}` : t.detail.satisfaction[s]}
                </Tappable>
              ))}
              <Tappable
                role="checkbox"
                checked={solved}
                className={`detail__choice${solved ? ' detail__choice--on' : ''}`}
                onTap={() => setSolved(!solved)}
              >
                {solved ? `${t.common.chosenMark} ${t.detail.solved}` : t.detail.notSolved}
              </Tappable>
            </View>
          )}
          <Textarea
            className="detail__textarea"
            value={text}
            maxlength={form === 'supplement' ? 2000 : 500}
            placeholder={form === 'reopen' ? t.detail.reopenPlaceholder : t.detail.supplementPlaceholder}
            ariaLabel={label[form]}
            onInput={(e) => setText(e.detail.value)}
          />
          {error && <Text className="detail__error">{error}</Text>}
          <View className="detail__actions">
            <Button type="primary" size="large" loading={busy} onClick={() => void send()}>
              {t.detail.send}
            </Button>
            <Button size="large" onClick={() => setForm(null)}>
              {t.detail.cancel}
            </Button>
          </View>
        </View>
      )}
      {!form && error && <Text className="detail__error">{error}</Text>}

      <View className="card">
        <Text className="detail__section">{t.detail.timeline}</Text>
        {[...detail.timeline].reverse().map((event) => (
          <View key={event.seq} className="detail__event">
            <Text className="detail__event-head">{`${caseStatusText(event.toStatus)} · ${event.actor}`}</Text>
            <Text className="muted">{when(event.at)}</Text>
            {event.text && <Text className="detail__event-text">{event.text}</Text>}
          </View>
        ))}
      </View>
    </View>
  );
}
