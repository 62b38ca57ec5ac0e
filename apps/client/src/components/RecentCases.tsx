// The signed-in resident's latest cases, on the home page.
import { useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { ResidentCaseSummary } from '@hotline/core';
import { CaseItem } from '@/components/CaseItem';
import { Tappable } from '@/components/Tappable';
import { t } from '@/locales/zh-CN';
import { api } from '@/services/api';

const RECENT = 3;

export default function RecentCases() {
  const [items, setItems] = useState<ResidentCaseSummary[] | null>(null);

  useEffect(() => {
    let live = true;
    api
      .myCases({ limit: RECENT })
      .then((page) => live && setItems(page.items))
      .catch(() => live && setItems(null));
    return () => {
      live = false;
    };
  }, []);

  return (
    <View>
      <Text className="home__section">{t.home.recentCases}</Text>
      {items?.length === 0 && <Text className="muted">{t.home.noCases}</Text>}
      {items?.map((item) => (
        <CaseItem key={item.id} item={item} />
      ))}
      <Tappable role="link" className="home__link" onTap={() => void Taro.navigateTo({ url: '/pages/cases/index' })}>
        {t.home.myCases}
      </Tappable>
    </View>
  );
}
