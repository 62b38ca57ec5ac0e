// A row of tappable choices, the chosen one marked in words too (aria-checked and ✓).
import { Text, View } from '@tarojs/components';

export interface Choice {
  value: string;
  label: string;
}

export function Choices({
  options,
  value,
  onChange,
  label,
}: {
  options: Choice[];
  value: string | null;
  onChange(value: string): void;
  label: string;
}) {
  return (
    <View className="staff-choices" ariaRole="radiogroup" ariaLabel={label}>
      {options.map((o) => (
        <View
          key={o.value}
          className={`staff-choice${o.value === value ? ' staff-choice--on' : ''}`}
          ariaRole="radio"
          aria-checked={o.value === value}
          onClick={() => onChange(o.value)}
        >
          <Text>{o.value === value ? `✓ ${o.label}` : o.label}</Text>
        </View>
      ))}
    </View>
  );
}
