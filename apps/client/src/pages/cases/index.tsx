// My cases: the ones I filed and the ones I follow, newest first, a page at a time (keyset).
import { useCallback, useEffect, useRef, useState } from 'react';
import Taro, { usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { ResidentCaseSummary } from '@hotline/core';
import { CaseItem } from '@/components/CaseItem';
import { PageHeading, Tappable } from '@/components/Tappable';
import { roleProps } from '@/lib/a11y';
import { t } from '@/locales/zh-CN';
import { api } from '@/services/api';
import { useAuth } from '@/stores/auth';
import { usePreferences } from '@/stores/preferences';

const PAGE_SIZE = 20;

export default function CasesPage() {
  const largeText = usePreferences((s) => s.largeText);
  const signedIn = useAuth((s) => s.session !== null);
  const [items, setItems] = useState<ResidentCaseSummary[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [phase, setPhase] = useState<'loading' | 'ready' | 'failed'>('loading');
  const busy = useRef(false);

  const load = useCallback(async (after: string | null) => {
    if (busy.current) return;
    busy.current = true;
    try {
      const page = await api.myCases({ limit: PAGE_SIZE, cursor: after ?? undefined });
      setItems((old) => (after ? [...old, ...page.items] : page.items));
      setCursor(page.nextCursor);
      setPhase('ready');
    } catch {
      setPhase('failed');
    } finally {
      busy.current = false;
    }
  }, []);

  useEffect(() => {
    if (!signedIn) {
      void Taro.redirectTo({ url: '/pages/login/index' });
      return;
    }
    void load(null);
  }, [signedIn, load]);

  usePullDownRefresh(() => {
    void load(null).finally(() => void Taro.stopPullDownRefresh());
  });

  useReachBottom(() => {
    if (cursor) void load(cursor);
  });

  return (
    <View className={`page cases${largeText ? ' page--large-text' : ''}`} {...roleProps('main')}>
      <PageHeading>{t.cases.title}</PageHeading>
      {phase === 'loading' && items.length === 0 && <Text className="muted">{t.common.loading}</Text>}
      {phase === 'failed' && <Text className="muted">{t.cases.loadFailed}</Text>}
      {phase === 'ready' && items.length === 0 && (
        <View className="card">
          <Text className="muted">{t.cases.empty}</Text>
        </View>
      )}
      {items.map((item) => (
        <CaseItem key={item.id} item={item} />
      ))}
      {items.length > 0 && cursor && (
        <Tappable className="cases__more" onTap={() => void load(cursor)}>
          {t.cases.loadMore}
        </Tappable>
      )}
      {items.length > 0 && !cursor && <Text className="muted cases__end">{t.cases.noMore}</Text>}
    </View>
  );
}
