// A tappable area drawn from a View, announced with its role and operable from a keyboard:
// links between pages, rows of a list, choices. Native buttons stay NutUI's Button.
import type { ReactNode } from 'react';
import { View } from '@tarojs/components';
import { keyActivation, roleProps, type Role } from '@/lib/a11y';

export function Tappable({
  role = 'button',
  className,
  label,
  checked,
  onTap,
  children,
}: {
  role?: Extract<Role, 'button' | 'link' | 'switch' | 'checkbox' | 'radio'>;
  className?: string;
  label?: string;
  checked?: boolean;
  onTap: () => void;
  children?: ReactNode;
}) {
  const state: Record<string, unknown> = {
    ...(label ? { ariaLabel: label } : {}),
    ...(checked === undefined ? {} : { ariaChecked: checked }),
  };
  return (
    <View
      className={className}
      hoverClass="none"
      {...roleProps(role)}
      {...state}
      {...keyActivation(onTap)}
      onClick={onTap}
    >
      {children}
    </View>
  );
}

/** The page's title for screen readers and for eyes: level 1, large in the large-text mode. */
export function PageHeading({ children }: { children: ReactNode }) {
  return (
    <View className="page-heading" {...roleProps('heading')} aria-level={1}>
      {children}
    </View>
  );
}
