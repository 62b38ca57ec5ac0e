// Work reminders, asked for only from a tap. In the mini-program the staff member's WeChat is
// bound to their account first (so messages can reach them at all), then WeChat's dialog asks
// for the templates the server offers, three per tap as WeChat allows; in the browser, Web Push.
import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { Button } from '@/components/nutui';
import { staffText as t } from '@/locales/zh-CN.staff';
import { canBindWechat, wechatCode } from '@/platform/login';
import { enableNotifications } from '@/platform/subscribe';
import { api } from '@/services/api';

const PER_TAP = 3;

export function Subscribe() {
  const [state, setState] = useState<'idle' | 'busy' | 'on' | 'off' | 'bind_failed' | 'unbound'>('idle');
  const [offer, setOffer] = useState<string[] | null>(null);
  const [asked, setAsked] = useState(0);

  async function enable() {
    setState('busy');
    try {
      if (!canBindWechat) {
        setState((await enableNotifications(api)) === 'on' ? 'on' : 'off');
        return;
      }
      try {
        await api.bindWechat(await wechatCode());
      } catch {
        setState('bind_failed');
        return;
      }
      const templateIds = offer ?? (await api.wechatTemplateOffer()).templateIds;
      setOffer(templateIds);
      const batch = templateIds.slice(asked, asked + PER_TAP);
      setAsked(asked + batch.length);
      setState((await enableNotifications(api, batch)) === 'on' ? 'on' : 'off');
    } catch {
      setState('off');
    }
  }

  async function unbind() {
    setState('busy');
    try {
      await api.unbindWechat();
      setOffer(null);
      setAsked(0);
      setState('unbound');
    } catch {
      setState('off');
    }
  }

  const left = offer ? offer.length - asked : 0;
  const label = !canBindWechat ? t.subscribe.push : left > 0 ? t.subscribe.wechatMore(left) : t.subscribe.wechat;
  return (
    <View className="card">
      <Button block loading={state === 'busy'} disabled={state === 'on' && left === 0} onClick={() => void enable()}>
        {label}
      </Button>
      {state === 'on' && <Text className="muted">{t.subscribe.done}</Text>}
      {state === 'off' && <Text className="muted">{t.subscribe.refused}</Text>}
      {state === 'bind_failed' && <Text className="muted">{t.subscribe.bindFailed}</Text>}
      {state === 'unbound' && <Text className="muted">{t.subscribe.unbound}</Text>}
      {canBindWechat && (state === 'on' || state === 'off') && (
        <Button block onClick={() => void unbind()}>
          {t.subscribe.unbind}
        </Button>
      )}
    </View>
  );
}
