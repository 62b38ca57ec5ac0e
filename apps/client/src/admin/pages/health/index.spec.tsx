import { act, fireEvent, render, screen } from '@testing-library/react';
import { healthy, scriptTaroRequest } from '../../../../test/fakeTaroRequest';
import { useAuth } from '@/stores/auth';
import AdminHealthPage from './index';

const admin = { id: 'a1', role: 'admin' as const, name: '孙伟', unitId: 'centre', unitName: '热线中心' };
const dead = {
  id: 41,
  caseId: 'c1',
  kind: 'case_replied',
  channel: 'sms',
  recipient: '138****1234',
  attempts: 5,
  lastError: '短信网关返回 LimitExceeded',
  updatedAt: '2026-11-30T02:00:00.000Z',
};
const scheduler = {
  intervalMs: 30_000,
  runs: [
    {
      job: 'deadline-scheduler',
      startedAt: '2026-11-30T02:10:00.000Z',
      durationMs: 12,
      instance: 'api-1',
      ok: true,
      error: null,
      report: { warned: 2, overdue: 1 },
    },
  ],
};

beforeEach(() => {
  useAuth.setState({ session: { accessToken: 'admin-token', refreshToken: null, user: admin } });
});

describe('the health page', () => {
  it('retries an undeliverable notification, shows the last scheduler run and the audit check with its checkpoint', async () => {
    const sent = scriptTaroRequest(
      { statusCode: 200, data: scheduler },
      { statusCode: 200, data: { items: [dead] } },
      { statusCode: 200, data: healthy },
      { statusCode: 200, data: { ok: true } },
      { statusCode: 200, data: { items: [] } },
      {
        statusCode: 200,
        data: {
          ok: true,
          eventsChecked: 12,
          checkpointsChecked: 3,
          lastCheckpoint: { at: '2026-11-30T02:05:00.000Z', throughEventId: 10, events: 10 },
          problems: [],
        },
      },
    );
    render(<AdminHealthPage />);
    expect(await screen.findByText('短信网关返回 LimitExceeded')).toBeTruthy();
    expect(screen.getByText('最近一次 2026/11/30 10:10:00，用时 12 毫秒')).toBeTruthy();
    expect(screen.getByText('预警 2')).toBeTruthy();
    expect(await screen.findByText('SQLite')).toBeTruthy();
    await act(async () => {
      fireEvent.click(screen.getByText('重新发送'));
    });
    expect(await screen.findByText('已重新排队发送')).toBeTruthy();
    expect(await screen.findByText('没有发送失败的通知')).toBeTruthy();
    expect(sent[3]).toMatchObject({ method: 'POST', url: expect.stringMatching(/\/admin\/notifications\/41\/retry$/) });
    await act(async () => {
      fireEvent.click(screen.getByText('立即校验'));
    });
    expect(await screen.findByText('校验通过：12 条流转记录完整，与 3 个签名检查点一致')).toBeTruthy();
    expect(
      screen.getByText('最近的签名检查点：2026/11/30 10:05:00，记录了 10 条流转记录（至第 10 条）'),
    ).toBeTruthy();
  });
});
