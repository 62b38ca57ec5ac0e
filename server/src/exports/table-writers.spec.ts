import { contentDisposition, csvCell, csvLine } from './table-writers';

describe('export table writers', () => {
  it('keeps a text that a spreadsheet would run as a formula as text', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r'])
      expect(csvCell(`${start}1+1`).replace(/^"/, '')).toMatch(/^'/);
    expect(csvCell('路灯不亮')).toBe('路灯不亮');
    expect(csvCell(-0.5)).toBe('-0.5');
    expect(csvCell(null)).toBe('');
  });

  it('quotes cells with commas, quote marks and line breaks (RFC 4180)', () => {
    expect(csvLine(['a,b', '说"好"', '两\n行', 3])).toBe('"a,b","说""好""","两\n行",3\r\n');
  });

  it('names a Chinese file in RFC 5987 form with an ASCII fallback', () => {
    expect(contentDisposition('工单导出-待签收(1).csv', 'cases.csv')).toBe(
      `attachment; filename="cases.csv"; filename*=UTF-8''${encodeURIComponent('工单导出-待签收')}%281%29.csv`,
    );
  });
});
