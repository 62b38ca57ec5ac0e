// After filing: the tracking number to copy, what happens next and by when, and (weapp) the
// request to be notified, which WeChat allows only from a tap.
import { useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button } from '@/components/nutui';
import { SUBSCRIPTION_TEMPLATE_IDS } from '@/constants';
import { roleProps } from '@/lib/a11y';
import { dayjs } from '@/lib/dayjs';
import { errorMessage } from '@/locales/errors';
import { t } from '@/locales/zh-CN';
import { canSubscribe, requestSubscriptions } from '@/platform/subscribe';
import { api } from '@/services/api';
import { usePreferences } from '@/stores/preferences';
import './index.css';
import { caseLinkFor } from '@hotline/core/links';

export default function DonePage() {
  const largeText = usePreferences((s) => s.largeText);
  const params = useRouter().params ?? {};
  const trackingNumber = params.tn ?? '';
  const due = params.due ? decodeURIComponent(params.due) : null;
  const [subscribed, setSubscribed] = useState<string | null>(null);

  async function subscribe() {
    try {
      setSubscribed(t.done.subscribed(await requestSubscriptions(api, SUBSCRIPTION_TEMPLATE_IDS)));
    } catch (e) {
      setSubscribed(errorMessage(e));
    }
  }

  return (
    <View className={`page done${largeText ? ' page--large-text' : ''}`} {...roleProps('main')}>
      <View className="card done__head">
        <Text className="done__title" {...roleProps('heading')} aria-level={1}>
          {t.done.heading}
        </Text>
        <Text className="muted">{t.done.trackingNumber}</Text>
        <Text className="done__number" userSelect>
          {trackingNumber}
        </Text>
        <Button size="large" onClick={() => void Taro.setClipboardData({ data: trackingNumber })}>
          {t.done.copy}
        </Button>
        <Text className="muted done__area">{t.done.area(params.located === '1')}</Text>
      </View>

      <View className="card">
        <Text className="done__section">{t.done.nextTitle}</Text>
        {due && (
          <Text className="done__due">
            {(params.step === 'accept' ? t.done.acceptBy : t.done.dueBy)(dayjs(due).format('M月D日 HH:mm'))}
          </Text>
        )}
        {t.done.steps.map((step, i) => (
          <Text key={step} className="done__step">{`${i + 1}. ${step}`}</Text>
        ))}
      </View>

      {canSubscribe && (
        <View className="card">
          <Button type="primary" size="xlarge" block onClick={() => void subscribe()}>
            {t.done.subscribe}
          </Button>
          {subscribed && <Text className="muted">{subscribed}</Text>}
        </View>
      )}

      <View className="done__actions">
        <Button
          type="primary"
          size="xlarge"
          block
          onClick={() => void Taro.redirectTo({ url: caseLinkFor('resident', params.id ?? '') })}
        >
          {t.done.viewCase}
        </Button>
        <Button size="xlarge" block onClick={() => void Taro.reLaunch({ url: '/pages/home/index' })}>
          {t.done.home}
        </Button>
      </View>
    </View>
  );
}
