import Taro from '@tarojs/taro';
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { useAuth } from '@/stores/auth';
import { useCatalogue } from '@/stores/catalogue';
import { useReportDraft } from '@/stores/reportDraft';
import ReportPage from './index';

const user = { id: 'u1', role: 'resident' as const, name: '群众', unitId: null, unitName: null };
const caseId = '0b6d3f7e-8a2c-4f1e-9d3a-1c2b3a4d5e6f';
const filed = {
  id: caseId,
  trackingNumber: 'HL20261128-000001',
  status: 'submitted',
  demandType: 'help',
  categoryCode: '010101',
  categoryName: '路灯损坏',
  description: '小区门口路灯连续三晚不亮',
  currentUnitName: null,
  deadline: null,
  relation: 'filer',
  createdAt: '2026-11-28T04:00:00.000Z',
  updatedAt: '2026-11-28T04:00:00.000Z',
  closedAt: null,
  area: { townshipCode: '421199001000', villageCode: null, located: true },
};
const tree = {
  items: [
    {
      code: '01',
      name: '城乡建设',
      leaf: false,
      defaultDemandType: null,
      duty: null,
      questions: [],
      children: [
        { code: '010101', name: '路灯损坏', leaf: true, defaultDemandType: 'help', duty: 'township', questions: [], children: [] },
        {
          code: '030104',
          name: '社会生活噪声',
          leaf: true,
          defaultDemandType: 'complaint',
          duty: 'county',
          children: [],
          questions: [
            { code: 'period', label: '时段', kind: 'single_choice', required: true, helpText: null, options: [{ key: 'night', name: '夜间' }, { key: 'day', name: '白天' }] },
            { code: 'source', label: '噪声来源', kind: 'multi_choice', required: true, helpText: '可多选', options: [{ key: 'shop', name: '商铺经营' }, { key: 'square_dance', name: '广场舞' }] },
            { code: 'floor', label: '楼层', kind: 'number', required: false, helpText: null, options: [] },
          ],
        },
      ],
    },
  ],
};
const me = { ...user, phone: '13800138000', phoneMasked: '138****8000', wechatLinked: false };

interface Sent {
  url: string;
  method: string;
  data: unknown;
  header: Record<string, string>;
}

/** Answers by path; POST /cases takes its answers in order (a lost answer first, say). */
function server(filings: ({ errMsg: string } | { statusCode: number; data: unknown })[]) {
  const sent: Sent[] = [];
  (Taro.request as unknown as jest.Mock).mockImplementation((o: Taro.request.Option) => {
    const url = new URL(o.url);
    sent.push({
      url: url.pathname,
      method: String(o.method),
      data: o.data,
      header: o.header as Record<string, string>,
    });
    let answer: { errMsg: string } | { statusCode: number; data: unknown } = {
      statusCode: 404,
      data: { code: 'NOT_FOUND', message: 'x', requestId: 'r' },
    };
    if (url.pathname === '/api/me') answer = { statusCode: 200, data: me };
    if (url.pathname === '/api/categories') answer = { statusCode: 200, data: tree };
    if (url.pathname === '/api/cases/nearby') answer = { statusCode: 200, data: { radiusM: 300, items: [] } };
    if (url.pathname === '/api/cases' && o.method === 'POST') answer = filings.shift() ?? { errMsg: 'request:fail' };
    setTimeout(() => {
      if ('errMsg' in answer) o.fail?.(answer as never);
      else o.success?.({ ...answer, header: {} } as never);
    }, 0);
    return { abort: jest.fn() };
  });
  return sent;
}

beforeEach(() => {
  useAuth.setState({ session: { accessToken: 'a', refreshToken: null, user } });
  useReportDraft.getState().clear();
  useCatalogue.setState({ phase: 'idle', roots: [], leaves: [] });
});

const type = (label: string, value: string) => fireEvent.change(screen.getByLabelText(label), { target: { value } });

async function fillIn() {
  await screen.findByLabelText('问题分类');
  type('问题分类', '路灯');
  fireEvent.click(await screen.findByText('路灯损坏'));
  fireEvent.click(screen.getByText('投诉'));
  type('问题描述', '小区门口路灯连续三晚不亮');
  fireEvent.click(screen.getByRole('checkbox'));
}

describe('filing a demand', () => {
  it('should find a category by a word, then show what was chosen with its default demand type', async () => {
    server([]);
    render(<ReportPage />);
    await screen.findByLabelText('问题分类');
    type('问题分类', '路灯');
    fireEvent.click(await screen.findByText('路灯损坏'));
    expect(screen.getByText('已选：路灯损坏')).toBeTruthy();
    expect(useReportDraft.getState()).toMatchObject({ categoryCode: '010101', demandType: 'help' });
  });

  it('should walk the category tree level by level', async () => {
    server([]);
    render(<ReportPage />);
    fireEvent.click(await screen.findByText('城乡建设 ›'));
    fireEvent.click(screen.getByText('路灯损坏'));
    expect(useReportDraft.getState().categoryCode).toBe('010101');
  });

  it('should count the description and show the masked phone as contact', async () => {
    server([]);
    render(<ReportPage />);
    type('问题描述', '路灯不亮');
    expect(screen.getByText('4/2000')).toBeTruthy();
    expect(await screen.findByText('138****8000（仅办理人员可见，用于回访）')).toBeTruthy();
  });

  it('should not send an incomplete demand', async () => {
    const sent = server([]);
    render(<ReportPage />);
    fireEvent.click(screen.getByText('提交'));
    expect(screen.getByText('请选择问题分类')).toBeTruthy();
    await screen.findByLabelText('问题分类');
    type('问题分类', '路灯');
    fireEvent.click(await screen.findByText('路灯损坏'));
    type('问题描述', '路灯');
    fireEvent.click(screen.getByText('提交'));
    expect(screen.getByText('问题描述至少5个字')).toBeTruthy();
    type('问题描述', '小区门口路灯连续三晚不亮');
    fireEvent.click(screen.getByText('提交'));
    expect(screen.getByText('请先阅读并同意隐私说明')).toBeTruthy();
    expect(sent.filter((r) => r.url === '/api/cases')).toHaveLength(0);
  });

  it('should ask the category’s questions, mark a required one left empty and send nothing until it is answered', async () => {
    const sent = server([{ statusCode: 201, data: { ...filed, categoryCode: '030104' } }]);
    render(<ReportPage />);
    await screen.findByLabelText('问题分类');
    type('问题分类', '噪声');
    fireEvent.click(await screen.findByText('社会生活噪声'));
    expect(screen.getByText('可多选')).toBeTruthy();
    type('问题描述', '楼下广场舞音响每晚十点后还很响');
    fireEvent.click(document.querySelector('.report__consent')!);
    fireEvent.click(screen.getByRole('radio', { name: '夜间' }));
    fireEvent.click(screen.getByText('提交'));
    expect(screen.getByText('请选择“噪声来源”')).toBeTruthy();
    expect(screen.getByText('请按标红的提示填写分类问题')).toBeTruthy();
    expect(document.querySelector('[data-question="source"]')!.className).toContain('question--problem');
    expect(document.querySelector('[data-question="period"]')!.className).not.toContain('question--problem');
    expect(sent.filter((r) => r.url === '/api/cases')).toHaveLength(0);

    fireEvent.click(screen.getByText('广场舞'));
    expect(screen.queryByText('请选择“噪声来源”')).toBeNull();
    type('楼层', '3');
    fireEvent.click(screen.getByText('提交'));
    await waitFor(() => expect(sent.filter((r) => r.url === '/api/cases')).toHaveLength(1));
    const body = (typeof sent.find((r) => r.url === '/api/cases')!.data === 'string'
      ? JSON.parse(sent.find((r) => r.url === '/api/cases')!.data as string)
      : sent.find((r) => r.url === '/api/cases')!.data) as { answers: unknown };
    expect(body.answers).toEqual({ period: 'night', source: ['square_dance'], floor: '3' });
  });

  it('should resend an unchanged draft with the same Idempotency-Key after a lost answer, then show the done screen', async () => {
    const sent = server([{ errMsg: 'request:fail timeout' }, { statusCode: 201, data: filed }]);
    render(<ReportPage />);
    await fillIn();
    await act(async () => {
      fireEvent.click(screen.getByText('提交'));
    });
    expect(await screen.findByText('网络不太好，请稍后重试；已填写的内容会保留，不会重复提交')).toBeTruthy();
    await act(async () => {
      fireEvent.click(screen.getByText('提交'));
    });
    await waitFor(() =>
      expect(Taro.redirectTo).toHaveBeenCalledWith({
        url: `/pages/done/index?id=${caseId}&tn=HL20261128-000001&located=1&type=help`,
      }),
    );
    const filings = sent.filter((r) => r.url === '/api/cases');
    expect(filings).toHaveLength(2);
    expect(filings[1]?.header['Idempotency-Key']).toBe(filings[0]?.header['Idempotency-Key']);
    expect(JSON.parse(String(filings[1]?.data))).toMatchObject({
      demandType: 'complaint',
      categoryCode: '010101',
      description: '小区门口路灯连续三晚不亮',
      mediaIds: [],
      anonymous: false,
      privacyConsentVersion: '2026-01',
    });
    expect(useReportDraft.getState().description).toBe('');
  });

  it('should say what the server refused, in Chinese', async () => {
    server([
      {
        statusCode: 400,
        data: {
          code: 'VALIDATION_FAILED',
          message: 'x',
          requestId: 'r',
          details: [{ field: 'categoryCode', code: 'not_leaf', message: '请选择最末一级分类' }],
        },
      },
    ]);
    render(<ReportPage />);
    await fillIn();
    await act(async () => {
      fireEvent.click(screen.getByText('提交'));
    });
    expect(await screen.findByText('请选择最末一级分类')).toBeTruthy();
  });

  it('should offer back a draft left from before, and start over on request', async () => {
    server([]);
    useReportDraft
      .getState()
      .edit({ description: '昨晚写了一半的诉求', categoryCode: '010101', categoryName: '路灯损坏' });
    render(<ReportPage />);
    expect(screen.getByText('已恢复您上次未提交的内容')).toBeTruthy();
    expect((screen.getByLabelText('问题描述') as HTMLTextAreaElement).value).toBe('昨晚写了一半的诉求');
    fireEvent.click(screen.getByText('重新填写'));
    expect(useReportDraft.getState().description).toBe('');
  });

  it('should send the signed-out resident to sign in first', () => {
    server([]);
    useAuth.setState({ session: null });
    render(<ReportPage />);
    expect(Taro.redirectTo).toHaveBeenCalledWith({
      url: `/pages/login/index?redirect=${encodeURIComponent('/pages/report/index')}`,
    });
  });
});
