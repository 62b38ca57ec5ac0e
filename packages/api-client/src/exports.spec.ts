import { caseExport, measuresExport } from './exports';

describe('export requests', () => {
  it('carries the queue filters that are set, and names the file as the server does', () => {
    const request = caseExport(
      'to_sign',
      { categoryCode: '01', townshipCode: undefined, q: '路灯' },
      'xlsx',
      new Date('2026-11-02T02:00:00Z'),
    );
    expect(request.path).toBe(`/queues/to_sign/export?categoryCode=01&q=${encodeURIComponent('路灯')}&format=xlsx`);
    expect(request.fileName).toBe('工单导出-待签收-2026-11-02.xlsx');
  });

  it('carries the measures period and grouping', () => {
    const request = measuresExport({ from: '2026-11-01', to: '2026-11-30', by: 'township', unitId: '' }, 'csv');
    expect(request.path).toBe('/analytics/measures/export?from=2026-11-01&to=2026-11-30&by=township&format=csv');
    expect(request.fileName).toBe('考核指标-2026-11-01至2026-11-30.csv');
  });
});
