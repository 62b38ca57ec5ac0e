// Settings: large text (适老化), notifications, the privacy notice, sign-out.
import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button } from '@/components/nutui/button';
import { Toggle } from '@/components/Toggle';
import { errorMessage } from '@/locales/errors';
import { PageHeading } from '@/components/Tappable';
import { roleProps } from '@/lib/a11y';
import { t } from '@/locales/zh-CN';
import { enableNotifications } from '@/platform/subscribe';
import { api } from '@/services/api';
import { useAuth } from '@/stores/auth';
import { usePreferences } from '@/stores/preferences';
import './index.css';
import { noticeAfter } from '@/lib/notice';

export default function SettingsPage() {
  const largeText = usePreferences((s) => s.largeText);
  const setLargeText = usePreferences((s) => s.setLargeText);
  const session = useAuth((s) => s.session);
  const signOut = useAuth((s) => s.signOut);
  const [notice, setNotice] = useState<string | null>(null);

  async function notifications() {
    try {
      const state = await enableNotifications(api);
      setNotice(
        state === 'on'
          ? t.settings.notificationsOn
          : state === 'denied'
            ? t.settings.notificationsDenied
            : t.settings.notificationsUnsupported,
      );
    } catch (e) {
      setNotice(errorMessage(e));
    }
  }

  async function leave() {
    const refreshToken = session?.refreshToken;
    signOut();
    // Ending it on the server too is best effort: the device forgets the tokens either way.
    if (refreshToken) await api.logout(refreshToken).catch(() => undefined);
    void noticeAfter(Taro.reLaunch({ url: '/pages/home/index' }), t.settings.signedOut);
  }

  return (
    <View className={`page settings${largeText ? ' page--large-text' : ''}`} {...roleProps('main')}>
      <PageHeading>{t.settings.title}</PageHeading>
      <View className="card row-between">
        <View>
          <Text>{t.settings.largeText}</Text>
          <View>
            <Text className="muted">{t.settings.largeTextHint}</Text>
          </View>
        </View>
        <Toggle checked={largeText} ariaLabel={t.settings.largeText} onChange={setLargeText} />
      </View>

      {session && (
        <View className="card">
          <Text>{t.settings.notifications}</Text>
          <View>
            <Text className="muted">{t.settings.notificationsHint}</Text>
          </View>
          <Button size="large" onClick={() => void notifications()}>
            {t.settings.notifications}
          </Button>
          {notice && <Text className="muted settings__notice">{notice}</Text>}
        </View>
      )}

      <View className="card">
        <Text>{t.settings.privacy}</Text>
        <View>
          <Text className="muted">{t.report.privacyNotice}</Text>
        </View>
      </View>

      {session && (
        <Button size="xlarge" block onClick={() => void leave()}>
          {t.settings.signOut}
        </Button>
      )}
    </View>
  );
}
