import Taro from '@tarojs/taro';
import { act, fireEvent, render, screen } from '@testing-library/react';
import { scriptTaroRequest } from '../../../test/fakeTaroRequest';
import { useAuth } from '@/stores/auth';
import { usePreferences } from '@/stores/preferences';
import HomePage from './index';

beforeEach(() => {
  usePreferences.setState({ largeText: false });
});

describe('the home page', () => {
  it('should show the county hotline title and the report button', () => {
    render(<HomePage />);
    expect(screen.getByText('云泽县12345')).toBeTruthy();
    expect(screen.getByText('我要反映')).toBeTruthy();
  });

  it('should open sign-in first when a signed-out resident taps 我要反映, coming back to the form', () => {
    render(<HomePage />);
    fireEvent.click(screen.getByText('我要反映'));
    expect(Taro.navigateTo).toHaveBeenCalledWith({
      url: `/pages/login/index?redirect=${encodeURIComponent('/pages/report/index')}`,
    });
  });

  it('should open the form with the category chosen from a common-matter shortcut', () => {
    useAuth.setState({
      session: {
        accessToken: 'a',
        refreshToken: null,
        user: { id: 'u1', role: 'resident', name: '群众', unitId: null, unitName: null },
      },
    });
    scriptTaroRequest({ statusCode: 200, data: { items: [], nextCursor: null } });
    render(<HomePage />);
    fireEvent.click(screen.getByText('路灯损坏'));
    expect(Taro.navigateTo).toHaveBeenCalledWith({
      url: `/pages/report/index?category=010101&name=${encodeURIComponent('路灯损坏')}`,
    });
    useAuth.setState({ session: null });
  });

  it('should search the knowledge base and unfold an answer', async () => {
    const item = {
      id: 'k1',
      code: 'K001',
      title: '路灯不亮找谁修？',
      answer: '城区路灯由城关镇负责维修。',
      categoryCode: '010101',
      score: 3,
    };
    const sent = scriptTaroRequest({ statusCode: 200, data: { items: [item] } });
    render(<HomePage />);
    fireEvent.change(screen.getByLabelText('先查一查，也许已有答案'), { target: { value: '路灯不亮' } });
    await act(async () => {
      fireEvent.click(screen.getByText('搜索'));
    });
    fireEvent.click(await screen.findByText('路灯不亮找谁修？'));
    expect(screen.getByText('城区路灯由城关镇负责维修。')).toBeTruthy();
    expect(sent[0]?.url).toBe(`http://localhost:3000/api/knowledge?q=${encodeURIComponent('路灯不亮')}&limit=5`);
  });

  it('should switch to large text and remember it on the device', async () => {
    const { container } = render(<HomePage />);
    expect(container.querySelector('.page--large-text')).toBeNull();
    await act(async () => {
      fireEvent.click(screen.getByRole('switch'));
    });
    expect(container.querySelector('.page--large-text')).not.toBeNull();
    expect(Taro.setStorageSync).toHaveBeenCalledWith('hotline.largeText', '1');
  });

  it('should open the status page from its link', () => {
    render(<HomePage />);
    fireEvent.click(screen.getByText('查看服务状态'));
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/status/index' });
  });
});

describe('the home page and the session', () => {
  const user = { id: 'u1', role: 'resident' as const, name: '群众', unitId: null, unitName: null };
  const summary = {
    id: '0b6d3f7e-8a2c-4f1e-9d3a-1c2b3a4d5e6f',
    trackingNumber: 'HL20261128-000001',
    status: 'dispatched',
    demandType: 'help',
    categoryCode: '010101',
    categoryName: '路灯',
    description: '小区门口路灯连续三晚不亮',
    currentUnitName: '城关镇',
    deadline: null,
    relation: 'filer',
    createdAt: '2026-11-28T04:00:00.000Z',
    updatedAt: '2026-11-28T04:00:00.000Z',
    closedAt: null,
  };

  beforeEach(() => useAuth.setState({ session: null }));

  it('should offer sign-in when nobody is signed in', () => {
    render(<HomePage />);
    fireEvent.click(screen.getByText('登录后查看我的诉求'));
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/login/index' });
    expect(Taro.request).not.toHaveBeenCalled();
  });

  it('should show my recent cases with their status in Chinese when signed in', async () => {
    useAuth.setState({ session: { accessToken: 'a', refreshToken: null, user } });
    const sent = scriptTaroRequest({ statusCode: 200, data: { items: [summary], nextCursor: null } });
    render(<HomePage />);
    expect(await screen.findByText('小区门口路灯连续三晚不亮')).toBeTruthy();
    expect(screen.getByText('已派单')).toBeTruthy();
    expect(sent[0]?.url).toBe('http://localhost:3000/api/me/cases?limit=3');
    fireEvent.click(screen.getByText('我的诉求'));
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/cases/index' });
    fireEvent.click(screen.getByText('我要反映'));
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/report/index' });
  });

  it('should lead staff to their workspace from the small link at the bottom', () => {
    const { container } = render(<HomePage />);
    const entry = screen.getByText('工作人员入口');
    expect(container.querySelector('.page')?.lastElementChild).toBe(entry);
    fireEvent.click(entry);
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/staff/pages/home/index' });
  });
});

describe('the home page drawn by index.html before the app starts', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- node's fs, only in this test
  const html: string = (require('node:fs') as typeof import('node:fs')).readFileSync(`${__dirname}/../../index.html`, 'utf8');
  const boot = html.slice(html.indexOf('<main id="boot"'), html.indexOf('</main>'));

  it('should say what the home page says, in the same order, with 我要反映 a real link to the form', () => {
    render(<HomePage />);
    const words = [...boot.matchAll(/>([^<>\s][^<>]*)</g)].map((m) => m[1]!.trim()).filter((w) => !w.includes('localStorage'));
    expect(words).toEqual(['云泽县12345', '政务服务便民热线', '我要反映', '反映问题、咨询、求助、投诉、建议']);
    for (const word of words) expect(screen.getByText(word)).toBeTruthy();
    expect(boot).toContain('<a class="nut-button" href="/pages/report/index">我要反映</a>');
  });
});
