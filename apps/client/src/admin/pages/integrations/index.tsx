// The outside channels: the Open311 API keys (issued, listed and revoked here), WeChat sign-in and
// subscription templates per notification kind (each field checked against WeChat's rules with a
// typical message), SMS templates, the Web Push key. Those last three are read-only: the server's
// configuration sets them.
import { Text, View } from '@tarojs/components';
import { adminText as t } from '@/locales/zh-CN.admin';
import { AdminShell, useIsAdmin } from '../../components/AdminShell';
import { Open311Keys } from '../../components/Open311Keys';
import { useLoad } from '../../lib/useLoad';
import { adminApi } from '../../services/adminApi';

export default function AdminIntegrationsPage() {
  const isAdmin = useIsAdmin();
  const status = useLoad(isAdmin, () => adminApi.integrations());
  const s = status.data;
  return (
    <AdminShell section="integrations">
      <Open311Keys enabled={isAdmin} />
      <Text className="admin-note">{t.integrations.configuredInServer}</Text>
      {status.error && <Text className="admin-error">{status.error}</Text>}
      {s && (
        <View className="admin-panes">
          <View className="admin-pane card">
            <Text className="admin-title">{t.integrations.wechat}</Text>
            <Text className={s.wechat.configured ? 'admin-ok' : 'admin-error'}>
              {s.wechat.configured ? t.integrations.wechatOn : t.integrations.wechatOff}
            </Text>
            {s.wechat.templates.length === 0 && <Text className="admin-muted">{t.integrations.noTemplates}</Text>}
            {s.wechat.templates.map((template) => (
              <View key={template.kind} className="admin-field" data-template={template.kind}>
                <Text className="admin-label">{t.integrations.template(template.kind, template.templateId)}</Text>
                <View className="admin-table">
                  <View className="admin-table__row admin-table__row--head">
                    <Text className="admin-table__cell">{t.integrations.keyword}</Text>
                    <Text className="admin-table__cell">{t.integrations.fact}</Text>
                    <Text className="admin-table__cell">{t.integrations.sample}</Text>
                    <Text className="admin-table__cell">{t.integrations.rule}</Text>
                  </View>
                  {template.fields.map((f) => (
                    <View
                      key={f.keyword}
                      className="admin-table__row"
                      data-field={f.keyword}
                      data-ok={f.ok ? '1' : '0'}
                    >
                      <Text className="admin-table__cell">{f.keyword}</Text>
                      <Text className="admin-table__cell">{f.fact}</Text>
                      <Text className="admin-table__cell">{f.sample}</Text>
                      <Text className={`admin-table__cell ${f.ok ? 'admin-ok' : 'admin-error'}`}>
                        {f.problem ?? t.integrations.fieldOk}
                      </Text>
                    </View>
                  ))}
                </View>
              </View>
            ))}
            {s.wechat.kindsWithoutTemplate.length > 0 && (
              <Text className="admin-muted">
                {t.integrations.without}
                {s.wechat.kindsWithoutTemplate.join('、')}
              </Text>
            )}
          </View>
          <View className="admin-pane admin-pane--narrow">
            <View className="card">
              <Text className="admin-title">{t.integrations.sms}</Text>
              <Text className="admin-muted">{t.integrations.gateway[s.sms.gateway]}</Text>
              {s.sms.templates.map((tpl) => (
                <View key={tpl.key} className="admin-row" data-sms={tpl.key}>
                  <Text className="admin-row__name">{tpl.purpose}</Text>
                  <Text className="admin-tag">{tpl.key}</Text>
                  <Text className={tpl.templateId ? 'admin-tag' : 'admin-tag admin-tag--warn'}>
                    {tpl.templateId ?? t.integrations.smsTemplateMissing}
                  </Text>
                </View>
              ))}
            </View>
            <View className="card">
              <Text className="admin-title">{t.integrations.webPush}</Text>
              <Text className="admin-label">{t.integrations.vapid}</Text>
              <Text className={s.webPush.vapidPublicKey ? 'admin-code' : 'admin-error'}>
                {s.webPush.vapidPublicKey ?? t.integrations.vapidMissing}
              </Text>
            </View>
          </View>
        </View>
      )}
    </AdminShell>
  );
}
