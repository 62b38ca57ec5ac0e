// A labelled field with its error beside it: the label names the input for screen readers and
// for Tab users; the error is announced when it appears.
import type { ReactNode } from 'react';
import { Input, Text, Textarea, View } from '@tarojs/components';
import { Button } from '@/components/nutui/button';

export function Field({ label, error, children }: { label: string; error?: string; children: ReactNode }) {
  return (
    <View className="admin-field">
      <Text className="admin-label">{label}</Text>
      {children}
      {error && (
        <View ariaRole="alert">
          <Text className="admin-error">{error}</Text>
        </View>
      )}
    </View>
  );
}

export function TextField(props: {
  label: string;
  value: string;
  onChange(value: string): void;
  error?: string;
  placeholder?: string;
  multiline?: boolean;
  type?: 'text' | 'number' | 'digit';
}) {
  const common = {
    className: props.multiline ? 'admin-textarea' : 'admin-input',
    value: props.value,
    placeholder: props.placeholder ?? props.label,
    ariaLabel: props.label,
    onInput: (e: { detail: { value: string } }) => props.onChange(e.detail.value),
  };
  return (
    <Field label={props.label} error={props.error}>
      {props.multiline ? <Textarea {...common} maxlength={-1} /> : <Input {...common} type={props.type ?? 'text'} />}
    </Field>
  );
}

/** A form's end: the refusal that names no field, what the last submit did, and the submit button. */
export function FormEnd(props: { error?: string; ok?: string | null | false; label: string; onSubmit(): void }) {
  const { error, ok, label, onSubmit } = props;
  return (
    <>
      {error && <Text className="admin-error">{error}</Text>}
      {ok && <Text className="admin-ok">{ok}</Text>}
      <Button type="primary" onClick={onSubmit}>
        {label}
      </Button>
    </>
  );
}
