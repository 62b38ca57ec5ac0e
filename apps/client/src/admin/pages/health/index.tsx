// The system's health for the admin: database and version, notifications that could not be sent
// (retry each), when the scheduled jobs last ran and what they did, and a check of the case
// events' hash chain on demand with the newest signed checkpoint it was compared with.
import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import type { AuditReportDto } from '@hotline/core';
import { Button } from '@/components/nutui/button';
import { adminText as t } from '@/locales/zh-CN.admin';
import { AdminShell, useIsAdmin } from '../../components/AdminShell';
import { refusalOf } from '../../lib/forms';
import { useLoad } from '../../lib/useLoad';
import { adminApi } from '../../services/adminApi';

const when = (iso: string) => new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });

function DeadLetters() {
  const isAdmin = useIsAdmin();
  const dead = useLoad(isAdmin, () => adminApi.deadLetters());
  const [message, setMessage] = useState<string | null>(null);

  async function retry(id: number) {
    try {
      await adminApi.retryNotification(id);
      setMessage(t.health.retried);
      void dead.reload();
    } catch (e) {
      setMessage(refusalOf(e).fields.form ?? null);
    }
  }

  const items = dead.data?.items ?? [];
  return (
    <View className="card">
      <Text className="admin-title">{t.health.dead}</Text>
      {dead.error && <Text className="admin-error">{dead.error}</Text>}
      {dead.data && items.length === 0 && <Text className="admin-ok">{t.health.deadEmpty}</Text>}
      {message && <Text className="admin-note">{message}</Text>}
      <View className="admin-table">
        {items.map((n) => (
          <View key={n.id} className="admin-table__row" data-dead={n.id}>
            <Text className="admin-table__cell">{when(n.updatedAt)}</Text>
            <Text className="admin-table__cell">{t.health.channel[n.channel] ?? n.channel}</Text>
            <Text className="admin-table__cell">{n.kind}</Text>
            <Text className="admin-table__cell">{t.health.attempts(n.attempts)}</Text>
            <Text className="admin-table__cell">{n.lastError ?? ''}</Text>
            <View className="admin-table__cell">
              <Button onClick={() => void retry(n.id)}>{t.health.retry}</Button>
            </View>
          </View>
        ))}
      </View>
    </View>
  );
}

function Scheduler() {
  const isAdmin = useIsAdmin();
  const status = useLoad(isAdmin, () => adminApi.scheduler());
  const data = status.data;
  return (
    <View className="card">
      <Text className="admin-title">{t.health.scheduler}</Text>
      {status.error && <Text className="admin-error">{status.error}</Text>}
      {data && (
        <Text className="admin-muted">
          {data.intervalMs > 0 ? t.health.every(Math.round(data.intervalMs / 1000)) : t.health.schedulerOff}
        </Text>
      )}
      {data && data.runs.length === 0 && <Text className="admin-note">{t.health.schedulerNever}</Text>}
      {data?.runs.map((run) => (
        <View key={run.job} className="admin-note" data-job={run.job}>
          <Text className="admin-label">{t.health.jobs[run.job] ?? run.job}</Text>
          <Text>{t.health.lastRun(when(run.startedAt), run.durationMs)}</Text>
          {!run.ok && <Text className="admin-error">{t.health.failed(run.error ?? '')}</Text>}
          <View className="admin-choices">
            {Object.entries(run.report)
              .filter(([key]) => key in t.health.counts)
              .map(([key, value]) => (
                <Text key={key} className="admin-tag">
                  {t.health.counts[key]} {String(value)}
                </Text>
              ))}
          </View>
        </View>
      ))}
    </View>
  );
}

function AuditCheck() {
  const [report, setReport] = useState<AuditReportDto | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function verify() {
    setBusy(true);
    try {
      setReport(await adminApi.verifyAudit());
      setError(null);
    } catch (e) {
      setError(refusalOf(e).fields.form ?? null);
    } finally {
      setBusy(false);
    }
  }

  return (
    <View className="card">
      <Text className="admin-title">{t.health.audit}</Text>
      <Text className="admin-muted">{t.health.auditHint}</Text>
      <Button loading={busy} onClick={() => void verify()}>
        {t.health.verify}
      </Button>
      {error && <Text className="admin-error">{error}</Text>}
      {report &&
        (report.ok ? (
          <Text className="admin-ok">{t.health.intact(report.eventsChecked, report.checkpointsChecked)}</Text>
        ) : (
          <View className="admin-conflict">
            <Text className="admin-error">{t.health.broken(report.problems.length, report.eventsChecked)}</Text>
            {report.problems.slice(0, 20).map((p, i) => (
              <Text key={`${i}:${p.eventId}:${p.problem}`} className="admin-label">
                {p.eventId !== null ? `#${p.eventId} · ` : ''}
                {t.health.problem[p.problem] ?? p.problem}
              </Text>
            ))}
          </View>
        ))}
      {report && (
        <Text className="admin-muted" data-checkpoint={report.lastCheckpoint ? report.lastCheckpoint.events : 'none'}>
          {report.lastCheckpoint
            ? t.health.checkpoint(
                when(report.lastCheckpoint.at),
                report.lastCheckpoint.events,
                report.lastCheckpoint.throughEventId,
              )
            : t.health.noCheckpoint}
        </Text>
      )}
    </View>
  );
}

export default function AdminHealthPage() {
  const isAdmin = useIsAdmin();
  const system = useLoad(isAdmin, () => adminApi.system());
  const s = system.data;
  return (
    <AdminShell section="health">
      <View className="admin-panes">
        <View className="admin-pane admin-pane--narrow">
          <View className="card">
            <Text className="admin-title">{t.health.system}</Text>
            {system.error && <Text className="admin-error">{system.error}</Text>}
            {s && (
              <View className="admin-table" data-status={s.status}>
                {[
                  [t.health.system, t.health.status[s.status] ?? s.status],
                  [t.health.database, s.database === 'postgres' ? 'PostgreSQL' : 'SQLite'],
                  [t.health.version, s.version],
                  [t.health.demo, s.demo ? t.health.yes : t.health.no],
                  [t.health.time, when(s.time)],
                ].map(([label, value]) => (
                  <View key={label} className="admin-table__row">
                    <Text className="admin-table__cell">{label}</Text>
                    <Text className="admin-table__cell">{value}</Text>
                  </View>
                ))}
              </View>
            )}
          </View>
          <Scheduler />
          <AuditCheck />
        </View>
        <View className="admin-pane">
          <DeadLetters />
        </View>
      </View>
    </AdminShell>
  );
}
