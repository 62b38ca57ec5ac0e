// Choosing the category of a demand: type a word to search every leaf, or walk the tree.
import { useEffect, useState } from 'react';
import { Input, Text, View } from '@tarojs/components';
import type { CategoryNode } from '@hotline/core';
import { t } from '@/locales/zh-CN';
import { Tappable } from './Tappable';
import { leafOf, searchLeaves, useCatalogue, type Leaf } from '@/stores/catalogue';

export function CategoryPicker({ onPick }: { onPick(leaf: Leaf): void }) {
  const { phase, roots, leaves, load } = useCatalogue();
  const [query, setQuery] = useState('');
  const [trail, setTrail] = useState<CategoryNode[]>([]);

  useEffect(() => {
    void load();
  }, [load]);

  if (phase === 'failed')
    return (
      <Tappable className="picker__row" onTap={() => void load()}>
        {t.report.categoryFailed}
      </Tappable>
    );
  if (phase !== 'ready') return <Text className="muted">{t.report.categoryLoading}</Text>;

  const level = trail.length ? trail[trail.length - 1]!.children : roots;
  const pick = (node: CategoryNode, path: string) =>
    node.leaf ? onPick(leafOf(node, path)) : setTrail([...trail, node]);
  const found = searchLeaves(leaves, query);

  return (
    <View className="picker">
      <Input
        className="report__input"
        value={query}
        maxlength={20}
        placeholder={t.report.categoryPlaceholder}
        ariaLabel={t.report.category}
        onInput={(e) => setQuery(e.detail.value)}
      />
      {query.trim() ? (
        found.map((leaf) => (
          <Tappable key={leaf.code} className="picker__row" onTap={() => onPick(leaf)}>
            <Text>{leaf.name}</Text>
            <Text className="muted picker__path">{leaf.path}</Text>
          </Tappable>
        ))
      ) : (
        <View>
          {trail.length > 0 && (
            <Tappable className="picker__row picker__back" onTap={() => setTrail(trail.slice(0, -1))}>
              {`‹ ${t.report.categoryBack}`}
            </Tappable>
          )}
          {level.map((node) => (
            <Tappable
              key={node.code}
              className="picker__row"
              onTap={() => pick(node, trail.map((n) => n.name).join(' › '))}
            >
              {node.leaf ? node.name : `${node.name} ›`}
            </Tappable>
          ))}
        </View>
      )}
    </View>
  );
}
