import { defaultOfficeHours, defaultTimeLimitPolicy } from '@hotline/core';
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { useAuth } from '@/stores/auth';
import { staffApi } from '../../services/staffApi';
import { useDirectory } from '../../stores';
import StaffIntakePage from './index';

jest.mock('../../services/staffApi', () => ({
  staffApi: {
    casesByCaller: jest.fn(),
    searchKnowledge: jest.fn(),
    intakePhone: jest.fn(),
    directory: jest.fn(),
  },
}));
const mocked = staffApi as jest.Mocked<typeof staffApi>;

const operator = { id: 'op1', role: 'operator' as const, name: '王晓丽', unitId: 'centre', unitName: '热线中心' };
const earlier = {
  id: 'c0',
  trackingNumber: 'HL20261101-000007',
  status: 'closed',
  demandType: 'help',
  urgency: 'normal',
  channel: 'phone',
  categoryCode: '010101',
  description: '上个月路灯也坏过',
  deadline: null,
  flags: { supervised: false, problem: false, extensionPending: false, reopenPending: false },
  resolution: 'resolved',
  satisfaction: 'satisfied',
  leadUnitId: null,
  assigneeUnitId: null,
  createdAt: '2026-11-01T02:00:00.000Z',
  updatedAt: '2026-11-02T02:00:00.000Z',
  closedAt: '2026-11-02T02:00:00.000Z',
  version: 9,
} as const;

const type = (label: string, value: string) => fireEvent.change(screen.getByLabelText(label), { target: { value } });

beforeEach(() => {
  process.env.TARO_ENV = 'h5';
  useAuth.setState({ session: { accessToken: 'a', refreshToken: null, user: operator } });
  useDirectory.setState({
    directory: {
      units: [{ id: 't1', code: 'T01', name: '城关街道', kind: 'township', parentId: null, areaCode: '421199001000' }],
      categories: [{ code: '010101', name: '路灯', parentCode: '0101', isLeaf: true, duty: 'township' }],
      timeRules: { policy: defaultTimeLimitPolicy, calendar: { officeHours: [...defaultOfficeHours], overrides: [] } },
    },
  });
  mocked.casesByCaller.mockResolvedValue({ items: [earlier] });
  mocked.searchKnowledge.mockResolvedValue({ items: [] });
  mocked.intakePhone.mockResolvedValue({
    ...earlier,
    id: 'c1',
    trackingNumber: 'HL20261128-000001',
    status: 'accepted',
  });
});

afterEach(() => {
  delete process.env.TARO_ENV;
});

describe('the phone intake form', () => {
  it('should show the caller’s earlier cases as soon as 11 digits are typed, not before', async () => {
    render(<StaffIntakePage />);
    type('来电号码', '1391234567');
    await act(() => Promise.resolve());
    expect(mocked.casesByCaller).not.toHaveBeenCalled();
    type('来电号码', '13912345678');
    expect(await screen.findByText('HL20261101-000007')).toBeTruthy();
    expect(mocked.casesByCaller).toHaveBeenCalledWith('13912345678');
  });

  it('should submit with Ctrl+Enter, sending the chosen category and township', async () => {
    render(<StaffIntakePage />);
    type('来电号码', '13912345678');
    fireEvent.click(screen.getByText('求助'));
    type('输入分类名称搜索', '路灯');
    fireEvent.click(await screen.findByText('路灯 010101'));
    fireEvent.click(screen.getByText('城关街道'));
    type('诉求内容', '府前路路灯不亮');
    fireEvent.keyDown(document, { key: 'Enter', ctrlKey: true });
    await waitFor(() => expect(mocked.intakePhone).toHaveBeenCalledTimes(1));
    expect(mocked.intakePhone.mock.calls[0]?.[0]).toMatchObject({
      callerPhone: '13912345678',
      demandType: 'help',
      categoryCode: '010101',
      townshipCode: '421199001000',
      description: '府前路路灯不亮',
      acceptNow: true,
    });
  });

  it('should not submit without the demand type and say what is missing', async () => {
    render(<StaffIntakePage />);
    type('来电号码', '13912345678');
    type('诉求内容', '府前路路灯不亮');
    fireEvent.keyDown(document, { key: 'Enter', ctrlKey: true });
    expect(await screen.findByText('请填写来电号码、诉求类型和诉求内容')).toBeTruthy();
    expect(mocked.intakePhone).not.toHaveBeenCalled();
  });
});
