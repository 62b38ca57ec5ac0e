// Accessibility attributes that differ by platform: the browser reads `role` and a tab stop,
// the mini-program's WXML reads `aria-role`. Taro maps `ariaLabel`/`ariaChecked` itself on both.
import { isH5 } from '@/platform/env';

export type Role =
  | 'button'
  | 'link'
  | 'switch'
  | 'checkbox'
  | 'radio'
  | 'radiogroup'
  | 'group'
  | 'heading'
  | 'main'
  | 'navigation'
  | 'region'
  | 'status'
  | 'alert'
  | 'list'
  | 'listitem'
  | 'table'
  | 'row'
  | 'columnheader'
  | 'rowheader'
  | 'cell';

const FOCUSABLE = new Set<Role>(['button', 'link', 'switch', 'checkbox', 'radio']);

/** Props that give a Taro View a role (and, on H5, a place in the keyboard's tab order). */
export function roleProps(role: Role): Record<string, unknown> {
  if (!isH5()) return { ariaRole: role };
  return FOCUSABLE.has(role) ? { role, tabIndex: 0 } : { role };
}

/** Enter and Space act like a tap on an H5 control drawn from a View (a native button does it itself). */
export function keyActivation(onTap: () => void): Record<string, unknown> {
  if (!isH5()) return {};
  return {
    onKeyDown: (event: { key?: string; preventDefault(): void }) => {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        onTap();
      }
    },
  };
}
