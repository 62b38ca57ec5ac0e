// A row of tappable choices, the chosen ones marked in words too (aria-checked and ✓), each
// reachable with Tab and chosen with Enter or Space on H5. One choice (radios) by default;
// `multiple` makes them checkboxes, each tap toggling one value.
import { Text, View } from '@tarojs/components';
import { pressable } from '../lib/keyboard';

export interface Choice {
  value: string;
  label: string;
}

type ChoicesProps = {
  options: Choice[];
  onChange(value: string): void;
  label: string;
  /** Small chips, as the desk's filters use. */
  compact?: boolean;
} & ({ multiple?: false; value: string | null } | { multiple: true; values: readonly string[] });

export function Choices(props: ChoicesProps) {
  const { options, onChange, label, compact = false } = props;
  const base = compact ? 'desk-chip' : 'staff-choice';
  const isOn = (value: string) => (props.multiple ? props.values.includes(value) : props.value === value);
  return (
    <View
      className={compact ? 'desk-chips' : 'staff-choices'}
      ariaRole={props.multiple ? 'group' : 'radiogroup'}
      ariaLabel={label}
    >
      {options.map((o) => (
        <View
          key={o.value}
          className={`${base}${isOn(o.value) ? ` ${base}--on` : ''}`}
          ariaRole={props.multiple ? 'checkbox' : 'radio'}
          aria-checked={isOn(o.value)}
          onClick={() => onChange(o.value)}
          {...pressable(() => onChange(o.value))}
        >
          <Text>{isOn(o.value) ? `✓ ${o.label}` : o.label}</Text>
        </View>
      ))}
    </View>
  );
}
