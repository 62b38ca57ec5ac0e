// Filing a demand (skeleton): type, category leaf code, description. Location,
// photos, nearby cases and the knowledge-base hint come next.
import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Input, Text, Textarea, View } from '@tarojs/components';
import { isApiError, NETWORK_ERROR } from '@hotline/api-client';
import { Button } from '@/components/nutui';
import { PRIVACY_CONSENT_VERSION } from '@/constants';
import { t } from '@/locales/zh-CN';
import { api } from '@/services/api';
import { usePreferences } from '@/stores/preferences';
import { useReportDraft, type DemandType } from '@/stores/reportDraft';
import './index.css';

const MAX_DESCRIPTION = 2000;
const DEMAND_TYPES = Object.keys(t.report.demandTypes) as DemandType[];

export default function ReportPage() {
  const largeText = usePreferences((s) => s.largeText);
  const draft = useReportDraft();
  const [consent, setConsent] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit() {
    if (!draft.categoryCode.trim()) return setError(t.report.noCategory);
    if (draft.description.trim().length < 5) return setError(t.report.tooShort);
    if (!consent) return setError(t.report.noConsent);
    setError(null);
    setBusy(true);
    try {
      const filed = await api.fileCase(
        {
          demandType: draft.demandType,
          categoryCode: draft.categoryCode.trim(),
          description: draft.description.trim(),
          mediaIds: [],
          anonymous: false,
          privacyConsentVersion: PRIVACY_CONSENT_VERSION,
        },
        draft.idempotencyKey,
      );
      draft.clear();
      void Taro.showToast({ title: t.report.filed(filed.trackingNumber), icon: 'none' });
      void Taro.redirectTo({ url: '/pages/cases/index' });
    } catch (e) {
      setError(
        !isApiError(e) || e.code === NETWORK_ERROR ? t.report.networkError : t.report.failed(e.code),
      );
    } finally {
      setBusy(false);
    }
  }

  return (
    <View className={`page report${largeText ? ' page--large-text' : ''}`}>
      <View className="card">
        <Text className="report__label">{t.report.demandType}</Text>
        <View className="report__types" ariaRole="radiogroup" ariaLabel={t.report.demandType}>
          {DEMAND_TYPES.map((type) => (
            <View
              key={type}
              ariaRole="radio"
              aria-checked={draft.demandType === type}
              className={`report__type${draft.demandType === type ? ' report__type--on' : ''}`}
              hoverClass="none"
              onClick={() => draft.edit({ demandType: type })}
            >
              {t.report.demandTypes[type]}
            </View>
          ))}
        </View>

        <Text className="report__label">{t.report.category}</Text>
        <Input
          className="report__input"
          value={draft.categoryCode}
          maxlength={32}
          placeholder={t.report.categoryPlaceholder}
          ariaLabel={t.report.category}
          onInput={(e) => draft.edit({ categoryCode: e.detail.value })}
        />

        <Text className="report__label">{t.report.description}</Text>
        <Textarea
          className="report__textarea"
          value={draft.description}
          maxlength={MAX_DESCRIPTION}
          placeholder={t.report.descriptionPlaceholder}
          ariaLabel={t.report.description}
          onInput={(e) => draft.edit({ description: e.detail.value })}
        />
        <Text className="muted report__counter">{t.report.counter(draft.description.length, MAX_DESCRIPTION)}</Text>

        <View
          className="report__consent"
          ariaRole="checkbox"
          aria-checked={consent}
          hoverClass="none"
          onClick={() => setConsent(!consent)}
        >
          {`${consent ? '☑' : '☐'} ${t.report.consent}`}
        </View>

        {error && <Text className="report__error">{error}</Text>}
        <Button type="primary" block loading={busy} onClick={() => void submit()}>
          {t.report.submit}
        </Button>
      </View>
    </View>
  );
}
