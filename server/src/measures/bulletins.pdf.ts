// The weekly bulletin as a PDF, drawn from its stored figures (so a past bulletin prints as it was
// issued) with pdfkit and Noto Sans SC from the npm package @embedpdf/fonts-sc; pdfkit embeds only
// the glyphs used (docs/decisions/0009-weekly-bulletin.md).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import PDFDocument from 'pdfkit';
import { measureDefinitionsZhCN, type Bulletin, type MeasureRate } from '@hotline/core';

/** The week-on-week change in words, for the PDF and the inbox message. */
export function formatChange(change: number | null): string {
  if (change === null) return '无环比';
  const pct = Math.round(change * 1000) / 10;
  return pct === 0 ? '环比持平' : `环比${pct > 0 ? '增长' : '下降'}${Math.abs(pct)}%`;
}

let font: Buffer | null = null;
/** The font file, read once (8 MB; parsed per document, which then carries only its subset). */
function cjkFont(): Buffer {
  // The package exports only its metadata; its fonts sit beside dist/.
  font ??= readFileSync(join(dirname(require.resolve('@embedpdf/fonts-sc')), '..', 'fonts', 'NotoSansHans-Regular.otf'));
  return font;
}

const percent = (r: number | null) => (r === null ? '—' : `${Math.round(r * 1000) / 10}%`);
const shownRates: MeasureRate[] = ['responseRate', 'resolutionRate', 'satisfactionRate', 'onTimeRate'];
const rateName = (r: MeasureRate) => (measureDefinitionsZhCN as Record<string, string>)[r]?.split(/\s*[=：（]/)[0] ?? r;

export function renderBulletinPdf(bulletin: Bulletin): Promise<Buffer> {
  const c = bulletin.content;
  const doc = new PDFDocument({ size: 'A4', margin: 50, info: { Title: `12345热线周报 ${c.weekStart}至${c.weekEnd}` } });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('cjk', cjkFont());
  doc.font('cjk');

  const heading = (text: string) => doc.moveDown(0.8).fontSize(13).text(text).moveDown(0.3).fontSize(10.5);
  const line = (text: string) => doc.text(text);
  const none = (items: unknown[], text: string) => items.length === 0 && line(text);

  doc.fontSize(18).text('12345政务服务便民热线周报', { align: 'center' });
  doc.fontSize(11).text(`${c.weekStart}（周一）至${c.weekEnd}（周日）`, { align: 'center' });

  heading('一、受理概况');
  line(`本周受理${c.volume.filed}件，上周${c.volume.previousFiled}件，${formatChange(c.volume.change)}；办结${c.volume.closed}件。`);

  heading('二、三率及按时办结率');
  for (const r of shownRates) line(`${rateName(r)}：${percent(c.rates[r])}（上周${percent(c.previousRates[r])}）`);

  heading('三、诉求分类前五');
  none(c.topCategories, '本周无受理。');
  c.topCategories.forEach((t, i) => line(`${i + 1}. ${t.name}：${t.filed}件（上周${t.previousFiled}件）`));

  heading('四、乡镇（街道）前五');
  none(c.topTownships, '本周无受理。');
  c.topTownships.forEach((t, i) => line(`${i + 1}. ${t.name}：${t.filed}件（上周${t.previousFiled}件）`));

  heading('五、承办单位三率排名');
  none(c.ranking, '本周无可排名的单位。');
  for (const u of c.ranking) {
    const before = u.previousRank === null ? '上周未排名' : `上周第${u.previousRank}名`;
    line(`第${u.rank}名 ${u.name}：综合${percent(u.score)}，${shownRates.map((r) => `${rateName(r)}${percent(u.rates[r])}`).join('，')}（${before}）`);
  }

  heading('六、诉求突增预警');
  none(c.spikes, '本周无突增预警。');
  for (const s of c.spikes) line(`${s.day} ${s.townshipName}「${s.categoryName}」当日${s.count}件`);

  heading('七、重复诉求');
  none(c.repeats, '本周未发现重复诉求。');
  for (const r of c.repeats) line(`「${r.categoryName}」${r.townshipName ?? ''} ${r.size}件${r.unitName ? `，承办单位${r.unitName}` : ''}`);

  heading('八、超期未办结');
  line(`截至周报生成时，超期未办结${c.overdue.total}件。`);
  for (const u of c.overdue.units) line(`${u.name}：${u.count}件`);

  doc.moveDown(1.5).fontSize(9).text(`生成时间：${bulletin.builtAt}`, { align: 'right' });
  doc.end();
  return done;
}
