// The audit log of admin edits (append-only): newest first, filtered by what was edited, each entry
// with who, when, and the fields that changed (before → after).
import { useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import { adminAuditEntities, type AdminAuditEntity, type AdminAuditEntry } from '@hotline/core';
import { Button } from '@/components/nutui/button';
import { roleProps } from '@/lib/a11y';
import { adminText as t } from '@/locales/zh-CN.admin';
import { AdminShell, useIsAdmin } from '../../components/AdminShell';
import { Choices } from '../../components/Choices';
import { changedFields } from '../../lib/audit';
import { refusalOf } from '../../lib/forms';
import { adminApi } from '../../services/adminApi';

const ALL = 'all';

export default function AdminAuditPage() {
  const isAdmin = useIsAdmin();
  const [entity, setEntity] = useState<string>(ALL);
  const [items, setItems] = useState<AdminAuditEntry[]>([]);
  const [cursor, setCursor] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function load(more: boolean) {
    try {
      const page = await adminApi.audit({
        ...(entity === ALL ? {} : { entity: entity as AdminAuditEntity }),
        ...(more && cursor ? { before: cursor } : {}),
        limit: 50,
      });
      setItems(more ? [...items, ...page.items] : page.items);
      setCursor(page.nextCursor);
      setError(null);
    } catch (e) {
      setError(refusalOf(e).fields.form ?? null);
    }
  }

  useEffect(() => {
    if (isAdmin) void load(false);
  }, [isAdmin, entity]);

  return (
    <AdminShell section="audit">
      <View className="card">
        <Text className="admin-title">{t.audit.title}</Text>
        <Choices
          label={t.audit.entity}
          options={[
            { value: ALL, label: t.audit.all },
            ...adminAuditEntities.map((e) => ({ value: e, label: t.audit.entities[e] ?? e })),
          ]}
          value={entity}
          onChange={setEntity}
        />
        {error && <Text className="admin-error">{error}</Text>}
        {items.length === 0 && !error && <Text className="admin-muted">{t.audit.empty}</Text>}
        <View className="admin-table" {...roleProps('table')} ariaLabel={t.audit.title}>
          <View className="admin-table__row admin-table__row--head" {...roleProps('row')}>
            {[t.audit.at, t.audit.entity, t.audit.action, t.audit.actor, t.audit.changes].map((heading) => (
              <View key={heading} className="admin-table__cell" {...roleProps('columnheader')}>
                {heading}
              </View>
            ))}
          </View>
          {items.map((e) => (
            <View key={e.id} className="admin-table__row" {...roleProps('row')} data-audit={e.entity}>
              <View className="admin-table__cell" {...roleProps('cell')}>
                {new Date(e.at).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false })}
              </View>
              <View className="admin-table__cell" {...roleProps('cell')}>
                {t.audit.entities[e.entity] ?? e.entity} {e.entityKey}
              </View>
              <View className="admin-table__cell" {...roleProps('cell')}>{t.audit.actions[e.action] ?? e.action}</View>
              <View className="admin-table__cell" {...roleProps('cell')}>{e.actorId.slice(0, 8)}</View>
              <View className="admin-table__cell" {...roleProps('cell')}>
                {changedFields(e)
                  .map((c) => `${c.field}: ${c.before} → ${c.after}`)
                  .join('；')}
              </View>
            </View>
          ))}
        </View>
        {cursor !== null && <Button onClick={() => void load(true)}>{t.audit.more}</Button>}
      </View>
    </AdminShell>
  );
}
