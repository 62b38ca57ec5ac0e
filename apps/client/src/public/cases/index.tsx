// Published typical cases, without sign-in: township and category filters, the county map drawn
// from the seed outlines with a numbered dot per case (no online tiles), and the list.
import { useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { Image, Text, View } from '@tarojs/components';
import type { PublicCaseSummary, PublicMap } from '@hotline/core';
import { publicText as t } from '@/locales/zh-CN.public';
import { usePreferences } from '@/stores/preferences';
import { mapSvg, svgDataUri } from '@/lib/mapSvg';
import { publicApi } from '../services/publicApi';
import '../public.css';

function Chips({ items, value, all, onChange }: { items: { code: string; name: string }[]; value: string | null; all: string; onChange(code: string | null): void }) {
  return (
    <View className="public__chips">
      {[{ code: null as string | null, name: all }, ...items].map((item) => (
        <View
          key={item.code ?? 'all'}
          ariaRole="radio"
          aria-checked={value === item.code}
          className={`public__chip${value === item.code ? ' public__chip--on' : ''}`}
          hoverClass="none"
          onClick={() => onChange(item.code)}
        >
          {item.name}
        </View>
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
    <View className={`page public${largeText ? ' page--large-text' : ''}`}>
      <View className="card">
        <Text className="muted public__intro">{t.cases.intro}</Text>
        <Chips items={(map?.townships ?? []).map((x) => ({ code: x.code, name: x.name }))} value={township} all={t.cases.allTownships} onChange={setTownship} />
        <Chips items={categories} value={category} all={t.cases.allCategories} onChange={setCategory} />
      </View>
      {map && map.townships.length > 0 && (
        <View className="card">
          <Text className="muted">{t.cases.map}</Text>
          <Image className="public__map" mode="widthFix" src={svgDataUri(mapSvg(map, dots))} ariaLabel={t.cases.map} />
        </View>
      )}
      <View className="card">
        {failed && (
          <View className="public__error" hoverClass="none" onClick={load}>
            {t.cases.failed}
          </View>
        )}
        {items?.length === 0 && <Text className="muted">{t.cases.empty}</Text>}
        {items?.map((c, i) => (
          <View
            key={c.id}
            className="public__item"
            hoverClass="none"
            ariaRole="link"
            onClick={() => void Taro.navigateTo({ url: `/public/case/index?id=${c.id}` })}
          >
            <Text className="public__item-title">{`${i + 1}. ${c.title}`}</Text>
            <Text className="muted">{[c.categoryName, c.townshipName, t.cases.filed(c.filedDate), c.closedDate ? t.cases.closed(c.closedDate) : null].filter(Boolean).join(' · ')}</Text>
          </View>
        ))}
      </View>
    </View>
  );
}
