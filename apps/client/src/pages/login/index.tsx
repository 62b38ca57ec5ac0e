// Sign-in: WeChat (wx.login, then the phone number button) in the mini-program, phone number and
// SMS code in the browser; in demo mode also a one-tap resident sign-in.
import { useEffect, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Button as NativeButton, Input, Text, View } from '@tarojs/components';
import { isApiError, NETWORK_ERROR } from '@hotline/api-client';
import { Button } from '@/components/nutui';
import { useSmsSignIn } from '@/lib/useSmsSignIn';
import { errorMessage } from '@/locales/errors';
import { PageHeading, Tappable } from '@/components/Tappable';
import { roleProps } from '@/lib/a11y';
import { t } from '@/locales/zh-CN';
import { bindPhone, loginMethod, platformSignIn } from '@/platform/login';
import { api } from '@/services/api';
import { useAuth } from '@/stores/auth';
import { usePreferences } from '@/stores/preferences';
import { useSystemStatus } from '@/stores/systemStatus';
import { LabelledInput } from '@/components/LabelledInput';
import './index.css';

function errorText(error: unknown): string {
  if (!isApiError(error) || error.code === NETWORK_ERROR) return t.login.networkError;
  return t.login.errors[error.code] ?? errorMessage(error);
}

/** Only our own pages: the redirect arrives in the address. */
function safeTarget(raw: string | undefined): string {
  const target = raw ? decodeURIComponent(raw) : '';
  return /^\/(pages|resident)\/[\w/-]+(\?[\w=&%.-]*)?$/.test(target) ? target : '/pages/cases/index';
}

export default function LoginPage() {
  const largeText = usePreferences((s) => s.largeText);
  const signIn = useAuth((s) => s.signIn);
  const health = useSystemStatus((s) => s.health);
  const loadHealth = useSystemStatus((s) => s.load);
  const [askPhone, setAskPhone] = useState(false);
  const target = safeTarget(useRouter().params?.redirect);
  const done = () => void Taro.redirectTo({ url: target });
  const { phone, setPhone, code, setCode, message, error, setError, wait, busy, setBusy, sendCode, submit } =
    useSmsSignIn({
      login: (phone, code) => api.smsLogin(phone, code),
      onSignedIn: (session) => {
        signIn(session);
        done();
      },
      texts: t.login,
      errorText,
    });

  useEffect(() => {
    if (!health) void loadHealth();
  }, [health, loadHealth]);

  async function wechatSignIn() {
    setError(null);
    setBusy(true);
    try {
      signIn(await platformSignIn(api));
      const me = await api.me();
      if (me.phoneMasked) done();
      else setAskPhone(true);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  async function phoneBound(detail: { code?: string }) {
    try {
      const session = await bindPhone(api, detail);
      if (session) signIn(session);
      done();
    } catch (e) {
      setError(errorText(e));
    }
  }

  async function demoSignIn() {
    setError(null);
    try {
      signIn(await api.devLogin({ role: 'resident' }));
      done();
    } catch (e) {
      setError(errorText(e));
    }
  }

  return (
    <View className={`page login${largeText ? ' page--large-text' : ''}`} {...roleProps('main')}>
      <PageHeading>{t.login.heading}</PageHeading>
      {loginMethod === 'wechat' && (
        <View className="card">
          {askPhone ? (
            <View>
              <NativeButton
                className="login__wechat"
                openType="getPhoneNumber"
                onGetPhoneNumber={(e) => void phoneBound(e.detail as { code?: string })}
              >
                {t.login.bindPhone}
              </NativeButton>
              <Text className="muted">{t.login.bindPhoneHint}</Text>
              <Tappable role="link" className="home__link" onTap={done}>
                {t.common.skip}
              </Tappable>
            </View>
          ) : (
            <View>
              <Button type="primary" block loading={busy} onClick={() => void wechatSignIn()}>
                {t.login.wechat}
              </Button>
              <Text className="muted">{t.login.wechatHint}</Text>
            </View>
          )}
          {error && <Text className="login__error">{error}</Text>}
        </View>
      )}

      {loginMethod === 'sms' && (
        <View className="card">
          <LabelledInput
            label={t.login.phone}
            labelClassName="login__field"
            className="login__input"
            type="number"
            maxlength={11}
            value={phone}
            placeholder={t.login.phonePlaceholder}
            onChange={(v) => setPhone(v.trim())}
          />
          <Text className="login__field">{t.login.code}</Text>
          <View className="login__row">
            <Input
              className="login__input"
              type="number"
              maxlength={6}
              value={code}
              placeholder={t.login.codePlaceholder}
              ariaLabel={t.login.code}
              onInput={(e) => setCode(e.detail.value.trim())}
            />
            <Button size="small" disabled={wait > 0} onClick={() => void sendCode()}>
              {wait > 0 ? t.login.resendIn(wait) : t.login.sendCode}
            </Button>
          </View>
          {message && <Text className="muted">{message}</Text>}
          {error && <Text className="login__error">{error}</Text>}
          <View className="login__submit">
            <Button type="primary" block loading={busy} onClick={() => void submit()}>
              {t.login.submit}
            </Button>
          </View>
        </View>
      )}

      {health?.demo && (
        <View className="card">
          <Button block onClick={() => void demoSignIn()}>
            {t.login.demo}
          </Button>
          <Text className="muted">{t.login.demoHint}</Text>
        </View>
      )}
    </View>
  );
}
