// Home: the resident's way in: report, search the knowledge base, common categories, large text.
import { Suspense } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { KnowledgeSearch } from '@/components/KnowledgeSearch';
import { Button } from '@/components/nutui/button';
import { Tappable } from '@/components/Tappable';
import { Toggle } from '@/components/Toggle';
import { COUNTY_NAME } from '@/constants';
import { roleProps } from '@/lib/a11y';
import { RecentCases } from '@/platform/lazy';
import { t } from '@/locales/zh-CN';
import { useAuth } from '@/stores/auth';
import { usePreferences } from '@/stores/preferences';
import './index.css';

// Common matters of a county, straight to the report form with the category chosen.
const SHORTCUTS = [
  { code: '010101', name: '路灯损坏' },
  { code: '010103', name: '停水与供水水质' },
  { code: '010303', name: '环境卫生与垃圾清运' },
  { code: '030104', name: '社会生活噪声' },
  { code: '050101', name: '拖欠工资' },
  { code: '020102', name: '农村道路维护' },
];

function report(signedIn: boolean, query = '') {
  const target = `/pages/report/index${query}`;
  void Taro.navigateTo({
    url: signedIn ? target : `/pages/login/index?redirect=${encodeURIComponent(target)}`,
  });
}

export default function HomePage() {
  const largeText = usePreferences((s) => s.largeText);
  const setLargeText = usePreferences((s) => s.setLargeText);
  const signedIn = useAuth((s) => s.session !== null);

  return (
    <View className={`page home${largeText ? ' page--large-text' : ''}`} {...roleProps('main')}>
      <View className="home__header">
        <Text className="home__title" {...roleProps('heading')} aria-level={1}>
          {t.app.title(COUNTY_NAME)}
        </Text>
        <Text className="home__subtitle muted">{t.app.subtitle}</Text>
      </View>

      <View className="card">
        <View className="home__report">
          <Button type="primary" size="xlarge" block onClick={() => report(signedIn)}>
            {t.home.report}
          </Button>
        </View>
        <Text className="home__hint muted">{t.home.reportHint}</Text>
      </View>

      <View className="card home__row">
        <View>
          <Text>{t.home.largeText}</Text>
          <View>
            <Text className="muted">{t.home.largeTextHint}</Text>
          </View>
        </View>
        <Toggle checked={largeText} ariaLabel={t.home.largeText} onChange={setLargeText} />
      </View>

      <KnowledgeSearch />

      <View className="card">
        <Text className="home__section">{t.home.shortcuts}</Text>
        <View className="home__shortcuts">
          {SHORTCUTS.map((c) => (
            <Tappable
              key={c.code}
              className="home__shortcut"
              onTap={() => report(signedIn, `?category=${c.code}&name=${encodeURIComponent(c.name)}`)}
            >
              {c.name}
            </Tappable>
          ))}
        </View>
      </View>

      {signedIn ? (
        <Suspense fallback={null}>
          <RecentCases />
        </Suspense>
      ) : (
        <Tappable role="link" className="home__link" onTap={() => void Taro.navigateTo({ url: '/pages/login/index' })}>
          {t.home.signIn}
        </Tappable>
      )}

      {(['cases', 'statistics', 'track'] as const).map((page) => (
        <Tappable key={page} role="link" className="home__link" onTap={() => void Taro.navigateTo({ url: `/public/${page}/index` })}>
          {t.home.publicLinks[page]}
        </Tappable>
      ))}

      <Tappable
        role="link"
        className="home__link"
        onTap={() => void Taro.navigateTo({ url: '/resident/settings/index' })}
      >
        {t.home.settings}
      </Tappable>

      <Tappable role="link" className="home__link" onTap={() => void Taro.navigateTo({ url: '/pages/status/index' })}>
        {t.home.statusLink}
      </Tappable>

      <Tappable
        role="link"
        className="home__staff"
        onTap={() => void Taro.navigateTo({ url: '/staff/pages/home/index' })}
      >
        {t.home.staffEntry}
      </Tappable>
    </View>
  );
}
