// A row of tappable choices, the chosen one marked in words too (aria-checked and ✓). On a
// desk-width H5 screen each is reachable with Tab and chosen with Enter or Space.
import { Text, View } from '@tarojs/components';

/** Props Taro's View types leave out but H5 passes to the element. */
function keyboard(choose: () => void): object {
  return {
    tabIndex: 0,
    onKeyDown: (event: { key: string; preventDefault(): void }) => {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        choose();
      }
    },
  };
}

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
          {...keyboard(() => onChange(o.value))}
        >
          <Text>{o.value === value ? `✓ ${o.label}` : o.label}</Text>
        </View>
      ))}
    </View>
  );
}
