// A radio group of tappable choices (the chosen one marked in words too: aria-checked and ✓), each
// reachable with Tab and chosen with Enter or Space. With `filter`, a text box narrows long lists
// (units, areas) to the first few matches.
import { useState } from 'react';
import { Input, Text, View } from '@tarojs/components';
import { pressable } from '../lib/keyboard';

export interface Choice {
  value: string;
  label: string;
}

export function Choices(props: {
  label: string;
  options: Choice[];
  value: string | null;
  onChange(value: string): void;
  filter?: { placeholder: string; limit?: number };
}) {
  const [query, setQuery] = useState('');
  const q = query.trim();
  const shown = props.filter
    ? props.options
        .filter((o) => !q || o.label.includes(q) || o.value.startsWith(q) || o.value === props.value)
        .slice(0, props.filter.limit ?? 8)
    : props.options;
  return (
    <View className="admin-choices-wrap">
      {props.filter && (
        <Input
          className="admin-input"
          value={query}
          placeholder={props.filter.placeholder}
          ariaLabel={props.filter.placeholder}
          onInput={(e) => setQuery(e.detail.value)}
        />
      )}
      <View className="admin-choices" ariaRole="radiogroup" ariaLabel={props.label}>
        {shown.map((o) => (
          <View
            key={o.value}
            className={`admin-choice${o.value === props.value ? ' admin-choice--on' : ''}`}
            aria-checked={o.value === props.value}
            onClick={() => props.onChange(o.value)}
            {...pressable(() => props.onChange(o.value), 'radio')}
          >
            <Text>{o.value === props.value ? `✓ ${o.label}` : o.label}</Text>
          </View>
        ))}
      </View>
    </View>
  );
}
