import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { ResidentCaseSummary } from '@hotline/core';
import { caseLinkFor } from '@hotline/core/links';
import { Tappable } from '@/components/Tappable';
import { dayjs } from '@/lib/dayjs';
import { t } from '@/locales/zh-CN';

export function caseStatusText(status: string): string {
  return t.cases.status[status] ?? t.cases.unknownStatus;
}

export function CaseItem({ item }: { item: ResidentCaseSummary }) {
  return (
    <Tappable
      role="link"
      className="card case-item"
      onTap={() => void Taro.navigateTo({ url: caseLinkFor('resident', item.id) })}
    >
      <View className="case-item__head">
        <Text className="case-item__category">{item.categoryName ?? item.trackingNumber}</Text>
        <Text className={`case-item__status case-item__status--${item.status}`}>{caseStatusText(item.status)}</Text>
      </View>
      <Text className="case-item__text">{item.description}</Text>
      <View className="case-item__foot">
        <Text className="muted">{t.cases.createdAt(dayjs(item.createdAt).format('YYYY年M月D日'))}</Text>
        {item.relation === 'follower' && <Text className="muted">{t.cases.following}</Text>}
      </View>
    </Tappable>
  );
}
