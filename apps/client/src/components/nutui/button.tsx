// NutUI's Button, made a real button for browsers: on H5 it renders Taro's <taro-button-core>,
// which has no role, no tab stop and no keyboard activation. The mini-program's button has them.
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import type { ComponentProps } from 'react';
import NutButton from '@nutui/nutui-react-taro/dist/es/packages/button';
import { keyActivation } from '@/lib/a11y';
import { isH5 } from '@/platform/env';

type ButtonProps = ComponentProps<typeof NutButton>;

export function Button(props: ButtonProps) {
  if (!isH5()) return <NutButton {...props} />;
  const off = Boolean(props.disabled || props.loading);
  const activate = () => {
    if (!off) props.onClick?.({} as Parameters<NonNullable<ButtonProps['onClick']>>[0]);
  };
  const a11y: Record<string, unknown> = {
    role: 'button',
    tabIndex: off ? -1 : 0,
    'aria-disabled': off,
    ...keyActivation(activate),
  };
  return <NutButton {...props} {...a11y} />;
}
