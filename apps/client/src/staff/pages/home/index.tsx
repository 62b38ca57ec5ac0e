// The workspace's door: phone and SMS code sign-in (in demo mode also a pick of role and unit),
// then the pages this role works in.
import { useEffect, useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { isApiError } from '@hotline/api-client';
import { reportLinkFor, type Role } from '@hotline/core';
import { Button } from '@/components/nutui';
import { roleProps } from '@/lib/a11y';
import { staffText as t } from '@/locales/zh-CN.staff';
import { api } from '@/services/api';
import { useAuth } from '@/stores/auth';
import { useSystemStatus } from '@/stores/systemStatus';
import { Choices } from '../../components/Choices';
import { SmsSignIn } from '../../components/SmsSignIn';
import { Subscribe } from '../../components/Subscribe';
import { useStaffUser } from '../../lib/session';
import { openLive } from '@/platform/live';
import { staffApi } from '../../services/staffApi';
import { pressable } from '../../lib/keyboard';
import '../../staff.css';

const DEMO_ROLES: Role[] = ['operator', 'dispatcher', 'supervisor', 'handler', 'unit_manager', 'analyst', 'admin'];
const DEMO_UNITS = ['T01', 'T01V01', 'T02', 'D-ZJJ', 'D-CGJ'];

const INBOX_URL = '/staff/pages/inbox/index';

interface Entry {
  url: string;
  label: string;
}

function menuFor(role: Role): Entry[] {
  const queue = { url: '/staff/pages/queue/index?set=work', label: t.menu.queue };
  const inbox = { url: INBOX_URL, label: t.menu.inbox };
  const intake = { url: '/staff/pages/intake/index', label: t.menu.intake };
  const review = { url: '/staff/pages/queue/index?set=review', label: t.menu.review };
  const rulings = { url: '/staff/pages/queue/index?set=rulings', label: t.menu.rulings };
  const board = { url: '/staff/pages/board/index', label: t.menu.board };
  const measures = { url: '/staff/pages/measures/index', label: t.menu.measures };
  const trends = { url: '/analytics/pages/trends/index', label: t.menu.trends };
  const hotspots = { url: '/analytics/pages/hotspots/index', label: t.menu.hotspots };
  const bulletin = { url: reportLinkFor('bulletin'), label: t.menu.bulletin };
  const topics = { url: reportLinkFor('topic'), label: t.menu.topics };
  switch (role) {
    case 'operator':
      return [intake, review, queue, inbox];
    case 'dispatcher':
      return [review, rulings, queue, measures, trends, hotspots, topics, inbox];
    case 'supervisor':
      return [rulings, board, queue, measures, trends, hotspots, bulletin, topics, inbox];
    case 'analyst':
      return [measures, trends, hotspots, bulletin, topics, board, inbox];
    case 'admin':
      return [
        ...(['units', 'staff', 'categories', 'time', 'integrations', 'audit', 'health'] as const).map((s) => ({
          url: `/admin/pages/${s}/index`,
          label: t.menu.admin[s],
        })),
        measures,
        trends,
        hotspots,
        bulletin,
        topics,
        board,
      ];
    case 'unit_manager':
      return [queue, measures, inbox];
    default:
      return [queue, inbox];
  }
}

/** Unread messages, read when the page shows and whenever the live source says something changed. */
function useUnread(signedIn: boolean, token: string | undefined): number {
  const [unread, setUnread] = useState(0);
  const refresh = () => {
    if (signedIn)
      void staffApi.unreadCount().then(
        (r) => setUnread(r.unread),
        () => {},
      );
  };
  useEffect(refresh, [signedIn]);
  useDidShow(refresh);
  useEffect(() => {
    if (!signedIn || !token) return undefined;
    return openLive(token, { onQueueChanged: refresh, onInbox: () => setUnread((n) => n + 1) });
  }, [signedIn, token]);
  return unread;
}

export default function StaffHomePage() {
  const user = useStaffUser();
  const unread = useUnread(
    Boolean(user),
    useAuth((s) => s.session?.accessToken),
  );
  const signIn = useAuth((s) => s.signIn);
  const signOut = useAuth((s) => s.signOut);
  const [role, setRole] = useState<Role>('operator');
  const [unit, setUnit] = useState('T01');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const demo = useSystemStatus((s) => s.health?.demo ?? false);
  const healthKnown = useSystemStatus((s) => s.health !== null);
  const loadHealth = useSystemStatus((s) => s.load);
  const needsUnit = role === 'handler' || role === 'unit_manager';

  useEffect(() => {
    if (!user && !healthKnown) void loadHealth();
  }, [user, healthKnown, loadHealth]);

  async function demoSignIn() {
    setBusy(true);
    setError(null);
    try {
      signIn(await api.devLogin({ role, ...(needsUnit ? { unitCode: unit } : {}) }));
    } catch (e) {
      setError(t.signIn.failed(isApiError(e) ? e.code : String(e)));
    } finally {
      setBusy(false);
    }
  }

  if (!user) {
    return (
      <View className="page staff" {...roleProps('main')}>
        <SmsSignIn />
        {demo && (
          <View className="card">
            <Text className="staff-title">{t.signIn.demoTitle}</Text>
            <Text className="muted">{t.signIn.demoHint}</Text>
            <Text className="staff-label">{t.signIn.role}</Text>
            <Choices
              label={t.signIn.role}
              options={DEMO_ROLES.map((r) => ({ value: r, label: t.roles[r] ?? r }))}
              value={role}
              onChange={(r) => setRole(r as Role)}
            />
            {needsUnit && (
              <>
                <Text className="staff-label">{t.signIn.unit}</Text>
                <Choices
                  label={t.signIn.unit}
                  options={DEMO_UNITS.map((u) => ({ value: u, label: t.units[u] ?? u }))}
                  value={unit}
                  onChange={setUnit}
                />
              </>
            )}
            {error && <Text className="staff-error">{error}</Text>}
            <Button type="primary" block loading={busy} onClick={() => void demoSignIn()}>
              {t.signIn.submit}
            </Button>
          </View>
        )}
      </View>
    );
  }

  return (
    <View className="page staff" {...roleProps('main')}>
      <View className="card">
        <Text className="staff-title">{t.signIn.signedInAs(user.name, user.unitName)}</Text>
        <Text className="muted">{t.roles[user.role]}</Text>
      </View>
      <View className="staff-menu">
        {menuFor(user.role).map((entry) => (
          <View
            key={entry.url}
            className="card staff-menu__item"
            onClick={() => void Taro.navigateTo({ url: entry.url })}
            {...pressable(() => void Taro.navigateTo({ url: entry.url }))}
          >
            <Text>{entry.label}</Text>
            {entry.url === INBOX_URL && unread > 0 && (
              <View className="staff-badge" ariaLabel={t.inbox.unreadCount(unread)}>
                <Text>{unread > 99 ? '99+' : String(unread)}</Text>
              </View>
            )}
          </View>
        ))}
      </View>
      <Subscribe />
      <Button block onClick={signOut}>
        {t.signIn.signOut}
      </Button>
    </View>
  );
}
