import Taro from '@tarojs/taro';
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { scriptTaroRequest } from '../../../test/fakeTaroRequest';
import { useAuth } from '@/stores/auth';
import { useReportDraft } from '@/stores/reportDraft';
import ReportPage from './index';

const user = { id: 'u1', role: 'resident' as const, name: '群众', unitId: null, unitName: null };
const filed = {
  id: '0b6d3f7e-8a2c-4f1e-9d3a-1c2b3a4d5e6f',
  trackingNumber: 'HL20261128-000001',
  status: 'submitted',
  demandType: 'complaint',
  categoryCode: '010101',
  categoryName: '路灯',
  description: '小区门口路灯连续三晚不亮',
  currentUnitName: null,
  deadline: null,
  relation: 'filer',
  createdAt: '2026-11-28T04:00:00.000Z',
  updatedAt: '2026-11-28T04:00:00.000Z',
  closedAt: null,
  area: { townshipCode: null, villageCode: null, located: false },
};

beforeEach(() => {
  useAuth.setState({ session: { accessToken: 'a', refreshToken: null, user } });
  useReportDraft.getState().clear();
});

const type = (label: string, value: string) => fireEvent.change(screen.getByLabelText(label), { target: { value } });

function fillIn() {
  fireEvent.click(screen.getByText('投诉'));
  type('问题分类编码', '010101');
  type('问题描述', '小区门口路灯连续三晚不亮');
  fireEvent.click(screen.getByRole('checkbox'));
}

describe('filing a demand', () => {
  it('should count the description as it is typed', () => {
    render(<ReportPage />);
    type('问题描述', '路灯不亮');
    expect(screen.getByText('4/2000')).toBeTruthy();
  });

  it('should not send an incomplete demand', () => {
    scriptTaroRequest();
    render(<ReportPage />);
    type('问题分类编码', '010101');
    type('问题描述', '路灯');
    fireEvent.click(screen.getByText('提交'));
    expect(screen.getByText('问题描述至少5个字')).toBeTruthy();
    type('问题描述', '小区门口路灯连续三晚不亮');
    fireEvent.click(screen.getByText('提交'));
    expect(screen.getByText('请先阅读并同意隐私说明')).toBeTruthy();
    expect(Taro.request).not.toHaveBeenCalled();
  });

  it('should resend an unchanged draft with the same Idempotency-Key after a lost answer, then start afresh', async () => {
    const sent = scriptTaroRequest({ errMsg: 'request:fail timeout' }, { statusCode: 201, data: filed });
    render(<ReportPage />);
    fillIn();
    await act(async () => {
      fireEvent.click(screen.getByText('提交'));
    });
    expect(await screen.findByText('网络异常，请稍后重试，不会重复提交')).toBeTruthy();
    await act(async () => {
      fireEvent.click(screen.getByText('提交'));
    });
    await waitFor(() => expect(Taro.redirectTo).toHaveBeenCalledWith({ url: '/pages/cases/index' }));

    expect(sent).toHaveLength(2);
    expect(sent[0]?.header['Idempotency-Key']).toBeTruthy();
    expect(sent[1]?.header['Idempotency-Key']).toBe(sent[0]?.header['Idempotency-Key']);
    expect(JSON.parse(String(sent[1]?.data))).toMatchObject({
      demandType: 'complaint',
      categoryCode: '010101',
      description: '小区门口路灯连续三晚不亮',
      privacyConsentVersion: '2026-01',
    });
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '提交成功，工单编号 HL20261128-000001' }));
    expect(useReportDraft.getState().description).toBe('');
    expect(useReportDraft.getState().idempotencyKey).not.toBe(sent[0]?.header['Idempotency-Key']);
  });
});
