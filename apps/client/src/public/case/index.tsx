// One published typical case, without sign-in: what was reported (moderated), where (to the
// road), each step by unit and day, the unit's reply and the redacted photos.
import { useEffect, useState } from 'react';
import { useRouter } from '@tarojs/taro';
import { Image, Text, View } from '@tarojs/components';
import type { PublicCaseDetail } from '@hotline/core';
import { publicText as t } from '@/locales/zh-CN.public';
import { mediaUrl } from '@/platform';
import { PageHeading } from '@/components/Tappable';
import { roleProps } from '@/lib/a11y';
import { usePreferences } from '@/stores/preferences';
import { publicApi } from '../services/publicApi';
import '../public.css';

export default function PublicCasePage() {
  const largeText = usePreferences((s) => s.largeText);
  const id = useRouter().params?.id ?? '';
  const [detail, setDetail] = useState<PublicCaseDetail | null>(null);
  const [missing, setMissing] = useState(false);

  useEffect(() => {
    publicApi.case(id).then(setDetail, () => setMissing(true));
  }, [id]);

  const pageClass = `page public${largeText ? ' page--large-text' : ''}`;
  if (missing)
    return (
      <View className={pageClass} {...roleProps('main')}>
        <Text className="public__error">{t.detail.notFound}</Text>
      </View>
    );
  if (!detail)
    return (
      <View className={pageClass} {...roleProps('main')}>
        <Text className="muted">…</Text>
      </View>
    );
  return (
    <View className={pageClass} {...roleProps('main')}>
      <PageHeading>{detail.title}</PageHeading>
      <View className="card">
        <Text className="muted">{[detail.categoryName, detail.townshipName, detail.road].filter(Boolean).join(' · ')}</Text>
        <Text className="public__label">{t.detail.demand}</Text>
        <Text className="public__text">{detail.description}</Text>
        {detail.photoUrls.length > 0 && <Text className="public__label">{t.detail.photos}</Text>}
        {detail.photoUrls.map((url, i) => (
          <Image key={url} className="public__photo" mode="widthFix" src={mediaUrl(url)} ariaLabel={t.detail.photo(i + 1)} nativeProps={{ alt: t.detail.photo(i + 1) }} />
        ))}
      </View>
      {detail.reply && (
        <View className="card">
          <Text className="public__label">{t.detail.reply}</Text>
          <Text className="public__text">{detail.reply}</Text>
          {detail.replyUnitName && <Text className="muted">{t.detail.replyBy(detail.replyUnitName)}</Text>}
        </View>
      )}
      <View className="card">
        <Text className="public__label">{t.detail.steps}</Text>
        {detail.steps.map((s, i) => (
          <View key={i} className="public__step">
            <Text>{`${t.steps[s.type] ?? s.type} · ${s.actor}`}</Text>
            <Text className="muted">{s.date}</Text>
          </View>
        ))}
      </View>
    </View>
  );
}
