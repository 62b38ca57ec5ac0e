// "Maybe already answered": the public knowledge base, searched before filing. The HTTP stack
// loads on the first search only (H5 first-load budget).
import { useState } from 'react';
import { Input, Text, View } from '@tarojs/components';
import type { KnowledgeSearchResponse } from '@hotline/core';
import { Button } from '@/components/nutui/button';
import { Tappable } from '@/components/Tappable';
import { t } from '@/locales/zh-CN';
import { loadApi } from '@/platform/lazy';


export function KnowledgeSearch() {
  const [query, setQuery] = useState('');
  const [items, setItems] = useState<KnowledgeSearchResponse['items'] | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);

  async function search() {
    if (!query.trim()) return;
    setFailed(false);
    try {
      const { api } = await loadApi();
      setItems((await api.searchKnowledge(query.trim(), 5)).items);
    } catch {
      setFailed(true);
    }
  }

  return (
    <View className="card">
      <Text className="home__section">{t.home.searchTitle}</Text>
      <View className="home__search">
        <Input
          className="home__search-input"
          value={query}
          maxlength={100}
          confirmType="search"
          placeholder={t.home.searchPlaceholder}
          ariaLabel={t.home.searchTitle}
          onInput={(e) => setQuery(e.detail.value)}
          onConfirm={() => void search()}
        />
        <Button size="large" onClick={() => void search()}>
          {t.home.search}
        </Button>
      </View>
      {failed && <Text className="muted">{t.home.searchFailed}</Text>}
      {items?.length === 0 && <Text className="muted">{t.home.searchEmpty}</Text>}
      {items?.map((item) => (
        <Tappable key={item.id} className="home__answer" onTap={() => setOpen(open === item.id ? null : item.id)}>
          <Text className="home__answer-title">{item.title}</Text>
          {open === item.id && <Text className="home__answer-text">{item.answer}</Text>}
        </Tappable>
      ))}
    </View>
  );
}
