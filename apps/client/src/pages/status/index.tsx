// Status: whether the API answers, which database it runs on, which version.
import { useEffect } from 'react';
import { Text, View } from '@tarojs/components';
import { NETWORK_ERROR } from '@hotline/api-client';
import { Button } from '@/components/nutui';
import { dayjs } from '@/lib/dayjs';
import { PageHeading } from '@/components/Tappable';
import { roleProps } from '@/lib/a11y';
import { t } from '@/locales/zh-CN';
import { usePreferences } from '@/stores/preferences';
import { useSystemStatus, type StatusFailure } from '@/stores/systemStatus';
import './index.css';

function Row({ label, value, tone }: { label: string; value: string; tone?: 'ok' | 'bad' }) {
  return (
    <View className="status__row">
      <Text className="status__label">{label}</Text>
      <Text className={tone ? `status__value--${tone}` : 'status__value'}>{value}</Text>
    </View>
  );
}

function failureText(failure: StatusFailure): string {
  return failure.code === NETWORK_ERROR ? t.status.networkError : t.status.serverError(failure.code);
}

export default function StatusPage() {
  const { phase, health, failure, load } = useSystemStatus();
  const largeText = usePreferences((s) => s.largeText);

  useEffect(() => {
    void load();
  }, [load]);

  return (
    <View className={`page status${largeText ? ' page--large-text' : ''}`} {...roleProps('main')}>
      <PageHeading>{t.status.title}</PageHeading>
      {health && (
        <View className="card">
          <Row
            label={t.status.service}
            value={t.status.serviceState[health.status]}
            tone={health.status === 'ok' ? 'ok' : 'bad'}
          />
          <Row label={t.status.database} value={t.status.databaseName[health.database]} />
          <Row label={t.status.version} value={health.version} />
          {health.demo && <Row label={t.status.demo} value={t.status.yes} />}
          <Row label={t.status.checkedAt} value={dayjs(health.time).format('YYYY年M月D日 HH:mm:ss')} />
        </View>
      )}

      {phase === 'loading' && !health && (
        <View className="card">
          <Text className="muted">{t.status.checking}</Text>
        </View>
      )}

      {failure && (
        <View className="card">
          <Text className="status__error-title">{t.status.errorTitle}</Text>
          <Text className="status__error-text">{failureText(failure)}</Text>
          {failure.requestId && <Text className="muted">{t.status.requestId(failure.requestId)}</Text>}
          <View className="status__retry">
            <Button type="primary" block onClick={() => void load()}>
              {t.common.retry}
            </Button>
          </View>
        </View>
      )}
    </View>
  );
}
