// A row of tappable choices, the chosen one marked in words too (aria-checked and ✓), each
// reachable with Tab and chosen with Enter or Space on H5.
import { Text, View } from '@tarojs/components';
import { pressable } from '../lib/keyboard';

export interface Choice {
  value: string;
  label: string;
}

export function Choices({
  options,
  value,
  onChange,
  label,
  compact = false,
}: {
  options: Choice[];
  value: string | null;
  onChange(value: string): void;
  label: string;
  /** Small chips, as the desk's filters use. */
  compact?: boolean;
}) {
  const base = compact ? 'desk-chip' : 'staff-choice';
  return (
    <View className={compact ? 'desk-chips' : 'staff-choices'} ariaRole="radiogroup" ariaLabel={label}>
      {options.map((o) => (
        <View
          key={o.value}
          className={`${base}${o.value === value ? ` ${base}--on` : ''}`}
          ariaRole="radio"
          aria-checked={o.value === value}
          onClick={() => onChange(o.value)}
          {...pressable(() => onChange(o.value))}
        >
          <Text>{o.value === value ? `✓ ${o.label}` : o.label}</Text>
        </View>
      ))}
    </View>
  );
}
