// The frame of every console page: the section tabs (a row on a desk, scrolling on a phone), the
// admin-only check, and the page's own content.
import Taro from '@tarojs/taro';
import { useEffect, type ReactNode } from 'react';
import { Text, View } from '@tarojs/components';
import { roleProps } from '@/lib/a11y';
import { adminText as t } from '@/locales/zh-CN.admin';
import { useAuth } from '@/stores/auth';
import { pressable } from '../lib/keyboard';
import '../admin.css';

export type Section = keyof typeof t.nav;
const SECTIONS: Section[] = ['units', 'staff', 'categories', 'time', 'integrations', 'audit', 'health'];
const STAFF_HOME = '/staff/pages/home/index';

export const sectionUrl = (s: Section) => `/admin/pages/${s}/index`;

export function useIsAdmin(): boolean {
  const role = useAuth((s) => s.session?.user.role ?? null);
  useEffect(() => {
    if (role === null) void Taro.redirectTo({ url: STAFF_HOME });
  }, [role]);
  return role === 'admin';
}

export function AdminShell({ section, children }: { section: Section; children: ReactNode }) {
  const isAdmin = useIsAdmin();
  const go = (s: Section) => {
    if (s !== section) void Taro.redirectTo({ url: sectionUrl(s) });
  };
  return (
    <View className="page admin">
      <View className="admin-nav" ariaRole="navigation" ariaLabel={t.title}>
        {SECTIONS.map((s) => (
          <View
            key={s}
            className={`admin-nav__item${s === section ? ' admin-nav__item--on' : ''}`}
            aria-current={s === section ? 'page' : undefined}
            onClick={() => go(s)}
            {...pressable(() => go(s), 'link')}
          >
            <Text>{t.nav[s]}</Text>
          </View>
        ))}
      </View>
      <View {...roleProps('main')}>{isAdmin ? children : <Text className="admin-error">{t.common.notAdmin}</Text>}</View>
    </View>
  );
}
