// The weekly bulletin (热线周报): without an id, every bulletin issued so far; with one, its
// sections as they were issued, and its PDF (saved by the browser, opened by WeChat's viewer).
import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { reportLinkFor, toShanghaiLocal, type Bulletin } from '@hotline/core';
import { Button } from '@/components/nutui';
import { roleProps } from '@/lib/a11y';
import { analyticsText } from '@/locales/zh-CN.analytics';
import { apiBaseUrl } from '@/platform';
import { openDocument } from '@/platform/download';
import { useAuth } from '@/stores/auth';
import { useRequireStaff } from '../../../staff/lib/session';
import { MatterRow } from '../../components/CaseRows';
import { analyticsApi } from '../../lib/api';
import { useDetailOrRecent } from '../../lib/useDetailOrRecent';
import '../../../staff/staff.css';
import '../../analytics.css';

const t = analyticsText.bulletin;
const RATES = ['responseRate', 'resolutionRate', 'satisfactionRate', 'onTimeRate'] as const;
const percent = (v: number | null) => (v === null ? analyticsText.none : `${Math.round(v * 1000) / 10}%`);

function Section({ title, lines }: { title: string; lines: string[] }) {
  return (
    <View className="card analytics-bulletin__section" {...roleProps('region')} ariaLabel={title}>
      <Text className="staff-label analytics-bulletin__line">{title}</Text>
      {lines.length === 0 && <Text className="muted">{t.empty}</Text>}
      {lines.map((line, i) => (
        <Text key={i} className="analytics-bulletin__line">
          {line}
        </Text>
      ))}
    </View>
  );
}

export default function BulletinPage() {
  const user = useRequireStaff();
  const { detail: bulletin, recent: all, error, setError } = useDetailOrRecent(user, analyticsApi.bulletin, analyticsApi.bulletins);
  const [busy, setBusy] = useState(false);

  async function downloadPdf(b: Bulletin) {
    setBusy(true);
    try {
      let token = useAuth.getState().session?.accessToken ?? '';
      const url = `${apiBaseUrl}${analyticsApi.bulletinPdfPath(b.id)}`;
      const filename = `hotline-bulletin-${b.weekStart}.pdf`;
      let result = await openDocument(url, filename, token);
      if (!result.ok && result.status === 401 && (await useAuth.getState().refresh())) {
        token = useAuth.getState().session?.accessToken ?? '';
        result = await openDocument(url, filename, token);
      }
      setError(result.ok ? null : t.pdfFailed(result.status));
    } catch (e) {
      setError(String(e));
    } finally {
      setBusy(false);
    }
  }

  if (!user) return null;
  const c = bulletin?.content;
  return (
    <View className="page staff analytics" {...roleProps('main')}>
      {error && <Text className="staff-error">{error}</Text>}
      {all && (
        <View className="card" {...roleProps('region')} ariaLabel={t.list}>
          <Text className="staff-label">{t.list}</Text>
          {all.items.length === 0 && <Text className="muted">{t.none}</Text>}
          {all.items.map((b) => (
            <MatterRow key={b.id} url={reportLinkFor('bulletin', b.id)} title={t.week(b.weekStart, b.weekEnd)} when={t.summary(b.filed, t.change(b.change))} />
          ))}
        </View>
      )}
      {bulletin && c && (
        <View className="analytics-bulletin" data-bulletin={bulletin.id}>
          <View className="card">
            <Text className="staff-title">{`${t.title} ${t.week(c.weekStart, c.weekEnd)}`}</Text>
            <Text className="muted analytics-bulletin__line">{t.builtAt(toShanghaiLocal(bulletin.builtAt).replace('T', ' '))}</Text>
            <View className="analytics-bulletin__actions">
              <Button type="primary" disabled={busy} onClick={() => void downloadPdf(bulletin)}>
                {t.pdf}
              </Button>
            </View>
          </View>
          <Section title={t.volume} lines={[t.volumeText(c.volume.filed, c.volume.previousFiled, t.change(c.volume.change), c.volume.closed)]} />
          <Section title={t.rates} lines={RATES.map((r) => t.rateLine(t.rateNames[r], percent(c.rates[r]), percent(c.previousRates[r])))} />
          <Section title={t.topCategories} lines={c.topCategories.map((x, i) => t.topLine(i + 1, x.name, x.filed, x.previousFiled))} />
          <Section title={t.topTownships} lines={c.topTownships.map((x, i) => t.topLine(i + 1, x.name, x.filed, x.previousFiled))} />
          <Section
            title={t.ranking}
            lines={c.ranking.map((u) => `${t.rankLine(u.rank, u.name, percent(u.score))}（${t.previousRank(u.previousRank)}）`)}
          />
          <Section title={t.spikes} lines={c.spikes.map((s) => t.spikeLine(s.day, s.townshipName, s.categoryName, s.count))} />
          <Section title={t.repeats} lines={c.repeats.map((r) => t.repeatLine(r.categoryName, r.townshipName, r.size))} />
          <Section title={t.overdue} lines={[t.overdueTotal(c.overdue.total), ...c.overdue.units.map((u) => t.overdueLine(u.name, u.count))]} />
        </View>
      )}
    </View>
  );
}
