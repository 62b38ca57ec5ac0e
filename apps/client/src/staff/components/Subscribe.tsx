// New-assignment reminders, asked for only from a tap: WeChat subscription messages on weapp,
// Web Push (VAPID) in the browser — through the app's one platform module.
import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { Button } from '@/components/nutui';
import { staffText as t } from '@/locales/zh-CN.staff';
import { enableNotifications } from '@/platform/subscribe';
import { api } from '@/services/api';

export function Subscribe() {
  const [state, setState] = useState<'idle' | 'busy' | 'on' | 'off'>('idle');

  async function enable() {
    setState('busy');
    try {
      setState((await enableNotifications(api)) === 'on' ? 'on' : 'off');
    } catch {
      setState('off');
    }
  }

  return (
    <View className="card">
      <Button block loading={state === 'busy'} disabled={state === 'on'} onClick={() => void enable()}>
        {process.env.TARO_ENV === 'h5' ? t.subscribe.push : t.subscribe.wechat}
      </Button>
      {state === 'on' && <Text className="muted">{t.subscribe.done}</Text>}
      {state === 'off' && <Text className="muted">{t.subscribe.refused}</Text>}
    </View>
  );
}
