// Staff sign in with the phone number their account is registered under and an SMS code;
// the server only signs in an existing active staff account, never creates one.
import { Text, View } from '@tarojs/components';
import { isApiError, NETWORK_ERROR } from '@hotline/api-client';
import { Button } from '@/components/nutui';
import { useSmsSignIn } from '@/lib/useSmsSignIn';
import { staffText as t } from '@/locales/zh-CN.staff';
import { api } from '@/services/api';
import { useAuth } from '@/stores/auth';
import { LabelledInput } from '@/components/LabelledInput';

// The server words its refusals in Chinese; the client's own failure codes carry English text.
function errorText(error: unknown): string {
  if (!isApiError(error) || error.code === NETWORK_ERROR || error.status === 0) return t.signIn.networkError;
  if (error.code === 'INVALID_RESPONSE' || error.code === 'UNEXPECTED_RESPONSE') return t.signIn.failed(error.code);
  return error.message || t.signIn.failed(error.code);
}

export function SmsSignIn() {
  const signIn = useAuth((s) => s.signIn);
  const { phone, setPhone, code, setCode, message, error, wait, busy, sendCode, submit } = useSmsSignIn({
    login: (phone, code) => api.staffSmsLogin(phone, code),
    onSignedIn: signIn,
    texts: t.signIn,
    errorText,
  });

  return (
    <View className="card">
      <Text className="staff-title">{t.signIn.title}</Text>
      <LabelledInput
        label={t.signIn.phone}
        labelClassName="staff-label"
        className="staff-input"
        type="number"
        maxlength={11}
        value={phone}
        placeholder={t.signIn.phonePlaceholder}
        onChange={(v) => setPhone(v.trim())}
      />
      <LabelledInput
        label={t.signIn.code}
        labelClassName="staff-label"
        className="staff-input"
        type="number"
        maxlength={6}
        value={code}
        placeholder={t.signIn.codePlaceholder}
        onChange={(v) => setCode(v.trim())}
      />
      <Button size="small" disabled={wait > 0} onClick={() => void sendCode()}>
        {wait > 0 ? t.signIn.resendIn(wait) : t.signIn.sendCode}
      </Button>
      {message && <Text className="muted">{message}</Text>}
      {error && <Text className="staff-error">{error}</Text>}
      <Button type="primary" block loading={busy} onClick={() => void submit()}>
        {t.signIn.smsSubmit}
      </Button>
    </View>
  );
}
