// The export buttons of a page (the queue, the measures): one per format the platform can open,
// a busy state while the file streams, and the outcome announced to screen readers.
import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import type { ExportRequest } from '@hotline/api-client';
import type { ExportFormat } from '@hotline/core';
import { Button } from '@/components/nutui';
import { roleProps } from '@/lib/a11y';
import { staffText as t } from '@/locales/zh-CN.staff';
import { downloadExport, exportFormats } from '../services/exports';

export function ExportButtons({ label, request }: { label: string; request: (format: ExportFormat) => ExportRequest }) {
  const [busy, setBusy] = useState<ExportFormat | null>(null);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);

  async function run(format: ExportFormat) {
    setBusy(format);
    setOutcome(null);
    const result = await downloadExport(request(format));
    setBusy(null);
    setOutcome(result.ok ? { ok: true, text: t.exports.done(result.fileName) } : { ok: false, text: result.message });
  }

  return (
    <View className="staff-export" {...roleProps('group')} ariaLabel={label}>
      {exportFormats.map((format) => (
        <Button
          key={format}
          className="staff-export__button"
          size="small"
          loading={busy === format}
          disabled={busy !== null && busy !== format}
          onClick={() => void run(format)}
        >
          {t.exports.formats[format]}
        </Button>
      ))}
      <View className="staff-export__status" {...roleProps('status')}>
        {busy && <Text className="staff-export__note">{t.exports.busy}</Text>}
        {outcome && (
          <Text className={outcome.ok ? 'staff-export__note' : 'staff-export__note staff-export__note--error'}>
            {outcome.text}
          </Text>
        )}
      </View>
    </View>
  );
}
