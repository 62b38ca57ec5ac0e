// Published typical cases, without sign-in: township and category filters, the county map drawn
// from the seed outlines with a numbered dot per case (no online tiles), and the list.
import { useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { Image, Text, View } from '@tarojs/components';
import type { PublicCaseSummary, PublicMap } from '@hotline/core';
import { publicText as t } from '@/locales/zh-CN.public';
import { PageHeading, Tappable } from '@/components/Tappable';
import { roleProps } from '@/lib/a11y';
import { usePreferences } from '@/stores/preferences';
import { mapSvg, svgDataUri } from '@/lib/mapSvg';
import { publicApi } from '../services/publicApi';
import '../public.css';

function Chips({ label, items, value, all, onChange }: { label: string; items: { code: string; name: string }[]; value: string | null; all: string; onChange(code: string | null): void }) {
  return (
    <View className="public__chips" {...roleProps('radiogroup')} ariaLabel={label}>
      {[{ code: null as string | null, name: all }, ...items].map((item) => (
        <Tappable
          key={item.code ?? 'all'}
          role="radio"
          checked={value === item.code}
          className={`public__chip${value === item.code ? ' public__chip--on' : ''}`}
          onTap={() => onChange(item.code)}
        >
          {/* The chosen filter carries a tick: colour is never the only sign. */}
          {value === item.code ? `✓ ${item.name}` : item.name}
        </Tappable>
      ))}
    </View>
  );
}

export default function PublicCasesPage() {
  const largeText = usePreferences((s) => s.largeText);
  const [map, setMap] = useState<PublicMap | null>(null);
  const [items, setItems] = useState<PublicCaseSummary[] | null>(null);
  const [categories, setCategories] = useState<{ code: string; name: string }[]>([]);
  const [township, setTownship] = useState<string | null>(null);
  const [category, setCategory] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    publicApi.map().then(setMap, () => setMap({ townships: [] }));
    publicApi.cases().then(
      (r) => setCategories([...new Map(r.items.filter((c) => c.categoryCode).map((c) => [c.categoryCode!, c.categoryName ?? c.categoryCode!])).entries()].map(([code, name]) => ({ code, name }))),
      () => undefined,
    );
  }, []);

  function load() {
    setFailed(false);
    publicApi.cases({ ...(township ? { township } : {}), ...(category ? { category } : {}) }).then(
      (r) => setItems(r.items),
      () => setFailed(true),
    );
  }
  useEffect(load, [township, category]);

  const dots = (items ?? []).flatMap((c, i) => (c.point ? [{ ...c.point, label: String(i + 1) }] : []));
  return (
    <View className={`page public${largeText ? ' page--large-text' : ''}`} {...roleProps('main')}>
      <PageHeading>{t.cases.title}</PageHeading>
      <View className="card">
        <Text className="muted public__intro">{t.cases.intro}</Text>
        <Chips label={t.cases.byTownship} items={(map?.townships ?? []).map((x) => ({ code: x.code, name: x.name }))} value={township} all={t.cases.allTownships} onChange={setTownship} />
        <Chips label={t.cases.byCategory} items={categories} value={category} all={t.cases.allCategories} onChange={setCategory} />
      </View>
      {map && map.townships.length > 0 && (
        <View className="card">
          <Text className="muted">{t.cases.map}</Text>
          <Image className="public__map" mode="widthFix" src={svgDataUri(mapSvg(map, dots))} ariaLabel={t.cases.mapAlt} nativeProps={{ alt: t.cases.mapAlt }} />
        </View>
      )}
      <View className="card">
        {failed && (
          <Tappable className="public__error" onTap={load}>
            {t.cases.failed}
          </Tappable>
        )}
        {items?.length === 0 && <Text className="muted">{t.cases.empty}</Text>}
        {items?.map((c, i) => (
          <Tappable
            key={c.id}
            className="public__item"
            role="link"
            onTap={() => void Taro.navigateTo({ url: `/public/case/index?id=${c.id}` })}
          >
            <Text className="public__item-title">{`${i + 1}. ${c.title}`}</Text>
            <Text className="muted">{[c.categoryName, c.townshipName, t.cases.filed(c.filedDate), c.closedDate ? t.cases.closed(c.closedDate) : null].filter(Boolean).join(' · ')}</Text>
          </Tappable>
        ))}
      </View>
    </View>
  );
}
