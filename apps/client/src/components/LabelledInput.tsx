// A field's label over its text input; the label also names the input for screen readers.
import { Input, Text } from '@tarojs/components';

export function LabelledInput(props: {
  label: string;
  labelClassName: string;
  className: string;
  value: string;
  onChange(value: string): void;
  placeholder?: string;
  type?: 'number';
  maxlength?: number;
  focus?: boolean;
}) {
  const { label, labelClassName, onChange, ...input } = props;
  return (
    <>
      <Text className={labelClassName}>{label}</Text>
      <Input {...input} ariaLabel={label} onInput={(e) => onChange(e.detail.value)} />
    </>
  );
}
