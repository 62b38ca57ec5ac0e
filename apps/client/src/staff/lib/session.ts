// Who is signed in to the workspace: any staff role (a resident session does not count).
import Taro from '@tarojs/taro';
import { useEffect, useState } from 'react';
import type { SessionUser } from '@hotline/core';
import { caseLinkFor } from '@hotline/core/links';
import { useAuth } from '@/stores/auth';

export const STAFF_HOME = '/staff/pages/home/index';

export function useStaffUser(): SessionUser | null {
  return useAuth((s) => (s.session && s.session.user.role !== 'resident' ? s.session.user : null));
}

/** The signed-in staff member; sends everyone else to the workspace's sign-in. */
export function useRequireStaff(): SessionUser | null {
  const user = useStaffUser();
  useEffect(() => {
    if (!user) void Taro.redirectTo({ url: STAFF_HOME });
  }, [user]);
  return user;
}

export const isCentre = (role: string) => role === 'operator' || role === 'dispatcher' || role === 'supervisor';
export const isUnit = (role: string) => role === 'handler' || role === 'unit_manager';

export function openCase(id: string): void {
  void Taro.navigateTo({ url: caseLinkFor('staff', id) });
}

export function useNow(everyMs = 30_000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs, setNow]);
  return now;
}
