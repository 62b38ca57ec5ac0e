// Open311 API keys: the keys issued to civic apps (name, first characters, per-minute limit, last
// use), a form that issues one and shows the key this once (the server keeps only its hash), and
// revocation, asked once, which takes effect at once and cannot be undone.
import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { createOpen311KeyRequestSchema, type CreatedOpen311Key, type Open311Key } from '@hotline/core';
import { Button } from '@/components/nutui/button';
import { adminText as t } from '@/locales/zh-CN.admin';
import { check, refusalOf, type FieldErrors } from '../lib/forms';
import { useLoad } from '../lib/useLoad';
import { adminApi } from '../services/adminApi';
import { ConfirmButton } from './ConfirmButton';
import { TextField } from './Field';

const when = (iso: string) => new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });

function KeyRow({ item, onRevoke }: { item: Open311Key; onRevoke(): void }) {
  return (
    <View className={`admin-table__row${item.revokedAt ? ' admin-row--off' : ''}`} data-key={item.name}>
      <Text className="admin-table__cell">{item.name}</Text>
      <Text className="admin-table__cell admin-code">{item.prefix}…</Text>
      <Text className="admin-table__cell">{t.integrations.keyPerMinute(item.requestsPerMinute)}</Text>
      <Text className="admin-table__cell">
        {item.lastUsedAt ? t.integrations.keyLastUsed(when(item.lastUsedAt)) : t.integrations.keyNeverUsed}
      </Text>
      <View className="admin-table__cell">
        {item.revokedAt ? (
          <Text className="admin-tag">
            {t.integrations.keyRevoked} {when(item.revokedAt)}
          </Text>
        ) : (
          <ConfirmButton label={t.integrations.keyRevoke} onConfirm={onRevoke} />
        )}
      </View>
    </View>
  );
}

export function Open311Keys({ enabled }: { enabled: boolean }) {
  const keys = useLoad(enabled, () => adminApi.open311Keys());
  const [name, setName] = useState('');
  const [rate, setRate] = useState('60');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [created, setCreated] = useState<CreatedOpen311Key | null>(null);

  async function create() {
    const checked = check(createOpen311KeyRequestSchema, { name, requestsPerMinute: Number(rate) });
    if (!checked.ok) return setErrors(checked.errors);
    try {
      const key = await adminApi.createOpen311Key(checked.data);
      setCreated(key);
      setErrors({});
      setName('');
      void keys.reload();
    } catch (e) {
      setCreated(null);
      setErrors(refusalOf(e).fields);
    }
  }

  async function revoke(id: string) {
    try {
      await adminApi.revokeOpen311Key(id);
      if (created?.id === id) setCreated(null);
      void keys.reload();
    } catch (e) {
      setErrors(refusalOf(e).fields);
    }
  }

  const list = keys.data ?? [];
  return (
    <View className="card" ariaLabel={t.integrations.open311}>
      <Text className="admin-title">{t.integrations.open311}</Text>
      <Text className="admin-muted">{t.integrations.open311Hint}</Text>
      {keys.error && <Text className="admin-error">{keys.error}</Text>}
      {keys.data && list.length === 0 && <Text className="admin-muted">{t.integrations.keyEmpty}</Text>}
      <View className="admin-table">
        {list.map((item) => (
          <KeyRow key={item.id} item={item} onRevoke={() => void revoke(item.id)} />
        ))}
      </View>
      {created && (
        <View className="admin-note" ariaRole="alert">
          <Text className="admin-ok">{t.integrations.keyCreated(created.name)}</Text>
          <Text className="admin-code" data-new-key="1" userSelect>
            {created.key}
          </Text>
        </View>
      )}
      <TextField label={t.integrations.keyName} value={name} onChange={setName} error={errors.name} />
      <TextField
        label={t.integrations.keyRate}
        value={rate}
        onChange={setRate}
        type="number"
        error={errors.requestsPerMinute}
      />
      {errors.form && <Text className="admin-error">{errors.form}</Text>}
      <Button type="primary" onClick={() => void create()}>
        {t.integrations.keyCreate}
      </Button>
    </View>
  );
}
