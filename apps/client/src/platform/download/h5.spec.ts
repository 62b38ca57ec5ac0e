import { downloader, fileNameOf } from './h5';

/** What fetch answers, as much of it as the downloader reads (jsdom has no Response). */
function fakeResponse(status: number, body: string, headers: Record<string, string>) {
  return {
    ok: status >= 200 && status < 300,
    status,
    headers: { get: (name: string) => headers[name.toLowerCase()] ?? null },
    json: async () => JSON.parse(body) as unknown,
    blob: async () => new Blob([body]),
  };
}

describe('H5 file download', () => {
  const realFetch = globalThis.fetch;
  afterEach(() => {
    globalThis.fetch = realFetch;
  });

  it('reads the Chinese name of an RFC 5987 Content-Disposition', () => {
    const header = `attachment; filename="cases.csv"; filename*=UTF-8''${encodeURIComponent('工单导出-待签收-2026-11-02.csv')}`;
    expect(fileNameOf(header)).toBe('工单导出-待签收-2026-11-02.csv');
    expect(fileNameOf('attachment; filename="x.csv"')).toBeNull();
    expect(fileNameOf(null)).toBeNull();
  });

  it('sends the access token and saves the file under the server’s name through a link', async () => {
    const calls: { url: string; headers: Record<string, string> }[] = [];
    globalThis.fetch = (async (url: string, init: { headers: Record<string, string> }) => {
      calls.push({ url, headers: init.headers });
      return fakeResponse(200, '\uFEFF工单编号\r\n', {
        'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent('考核指标.csv')}`,
      });
    }) as unknown as typeof fetch;
    const created: string[] = [];
    URL.createObjectURL = (() => 'blob:1') as typeof URL.createObjectURL;
    URL.revokeObjectURL = () => undefined;
    const click = jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      created.push(`${this.download} ${this.href}`);
    });
    const result = await downloader.download({ url: '/api/x', token: 't0k', fileName: 'fallback.csv', format: 'csv' });
    expect(result).toEqual({ ok: true, fileName: '考核指标.csv' });
    expect(calls[0]?.headers.authorization).toBe('Bearer t0k');
    expect(created).toEqual(['考核指标.csv blob:1']);
    click.mockRestore();
  });

  it('answers the error code of a refused export instead of saving the error as a file', async () => {
    globalThis.fetch = (async () =>
      fakeResponse(400, JSON.stringify({ code: 'VALIDATION_FAILED', message: '导出时段不能超过5年' }), {
        'content-type': 'application/json',
      })) as unknown as typeof fetch;
    const result = await downloader.download({ url: '/api/x', fileName: 'a.csv', format: 'csv' });
    expect(result).toEqual({ ok: false, status: 400, code: 'VALIDATION_FAILED', message: '导出时段不能超过5年' });
  });
});
