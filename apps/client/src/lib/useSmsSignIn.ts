// The phone + SMS code sign-in both residents and staff use: field checks, sending the code with
// its resend countdown, and the sign-in call. Pages bring their own texts and sign-in route.
import { useEffect, useState } from 'react';
import type { SessionResponse } from '@hotline/core';
import { api } from '@/services/api';

const PHONE = /^1[3-9]\d{9}$/;
const CODE = /^\d{6}$/;

export interface SmsSignInTexts {
  invalidPhone: string;
  invalidCode: string;
  codeSent: (to: string) => string;
}

export interface SmsSignInOptions {
  login: (phone: string, code: string) => Promise<SessionResponse>;
  onSignedIn: (session: SessionResponse) => void;
  texts: SmsSignInTexts;
  errorText: (error: unknown) => string;
}

export function useSmsSignIn({ login, onSignedIn, texts, errorText }: SmsSignInOptions) {
  const [phone, setPhone] = useState('');
  const [code, setCode] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [wait, setWait] = useState(0);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (wait <= 0) return undefined;
    const timer = setTimeout(() => setWait((s) => s - 1), 1000);
    return () => clearTimeout(timer);
  }, [wait]);

  async function sendCode() {
    if (!PHONE.test(phone)) return setError(texts.invalidPhone);
    setError(null);
    try {
      const sent = await api.requestSmsCode(phone);
      setMessage(texts.codeSent(sent.sentTo));
      setWait(sent.resendAfter);
    } catch (e) {
      setError(errorText(e));
    }
  }

  async function submit() {
    if (!PHONE.test(phone)) return setError(texts.invalidPhone);
    if (!CODE.test(code)) return setError(texts.invalidCode);
    setError(null);
    setBusy(true);
    try {
      onSignedIn(await login(phone, code));
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  return { phone, setPhone, code, setCode, message, error, setError, wait, busy, setBusy, sendCode, submit };
}
