import Taro from '@tarojs/taro';
import { act, fireEvent, render, screen } from '@testing-library/react';
import { scriptTaroRequest } from '../../../test/fakeTaroRequest';
import { useAuth } from '@/stores/auth';
import CasesPage from './index';

const user = { id: 'u1', role: 'resident' as const, name: '群众', unitId: null, unitName: null };
const summary = (n: number, status: string, relation = 'filer') => ({
  id: `0b6d3f7e-8a2c-4f1e-9d3a-1c2b3a4d5e${String(n).padStart(2, '0')}`,
  trackingNumber: `HL20261128-00000${n}`,
  status,
  demandType: 'help',
  categoryCode: '010101',
  categoryName: '路灯',
  description: `诉求${n}`,
  currentUnitName: null,
  deadline: null,
  relation,
  createdAt: '2026-11-28T04:00:00.000Z',
  updatedAt: '2026-11-28T04:00:00.000Z',
  closedAt: null,
});

const pullDown = () => {
  const calls = (Taro.usePullDownRefresh as unknown as jest.Mock).mock.calls;
  return calls[calls.length - 1]?.[0] as () => void;
};

beforeEach(() => useAuth.setState({ session: { accessToken: 'a', refreshToken: null, user } }));

describe('my cases', () => {
  it('should list my cases with their status in Chinese and page on with the cursor', async () => {
    const sent = scriptTaroRequest(
      {
        statusCode: 200,
        data: { items: [summary(1, 'submitted'), summary(2, 'closed', 'follower')], nextCursor: 'c2' },
      },
      { statusCode: 200, data: { items: [summary(3, 'replied')], nextCursor: null } },
    );
    render(<CasesPage />);
    expect(await screen.findByText('诉求1')).toBeTruthy();
    expect(screen.getByText('待受理')).toBeTruthy();
    expect(screen.getByText('已办结')).toBeTruthy();
    expect(screen.getByText('关注')).toBeTruthy();

    await act(async () => {
      fireEvent.click(screen.getByText('加载更多'));
    });
    expect(await screen.findByText('已答复')).toBeTruthy();
    expect(screen.getByText('没有更多了')).toBeTruthy();
    expect(sent[1]?.url).toBe('http://localhost:3000/api/me/cases?limit=20&cursor=c2');
  });

  it('should reload from the first page on pull-down and stop the spinner', async () => {
    scriptTaroRequest(
      { statusCode: 200, data: { items: [summary(1, 'submitted')], nextCursor: null } },
      { statusCode: 200, data: { items: [summary(1, 'accepted')], nextCursor: null } },
    );
    render(<CasesPage />);
    expect(await screen.findByText('待受理')).toBeTruthy();
    await act(async () => {
      pullDown()();
    });
    expect(await screen.findByText('已受理')).toBeTruthy();
    expect(screen.queryByText('待受理')).toBeNull();
    expect(Taro.stopPullDownRefresh).toHaveBeenCalled();
  });

  it('should say when there are none yet', async () => {
    scriptTaroRequest({ statusCode: 200, data: { items: [], nextCursor: null } });
    render(<CasesPage />);
    expect(await screen.findByText('您还没有反映过问题')).toBeTruthy();
  });

  it('should send a signed-out resident to sign-in', () => {
    useAuth.setState({ session: null });
    scriptTaroRequest();
    render(<CasesPage />);
    expect(Taro.redirectTo).toHaveBeenCalledWith({ url: '/pages/login/index' });
    expect(Taro.request).not.toHaveBeenCalled();
  });
});
