import Taro from '@tarojs/taro';
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { healthy, scriptTaroRequest } from '../../../test/fakeTaroRequest';
import { useAuth } from '@/stores/auth';
import { useSystemStatus } from '@/stores/systemStatus';
import LoginPage from './index';

const mockPlatform = { method: 'sms' };
jest.mock('@/platform/login', () => ({
  ...jest.requireActual('@/platform/login'),
  get loginMethod() {
    return mockPlatform.method;
  },
}));

const user = { id: 'u1', role: 'resident' as const, name: '群众', unitId: null, unitName: null };
const session = {
  accessToken: 'access-1',
  tokenType: 'Bearer',
  expiresIn: 900,
  user,
  refreshToken: 'refresh-1-abcdef',
  refreshExpiresIn: 2_592_000,
};

beforeEach(() => {
  mockPlatform.method = 'sms';
  useAuth.setState({ session: null });
  useSystemStatus.setState({ phase: 'ready', health: { ...healthy, demo: false }, failure: null });
});

const type = (label: string, value: string) => fireEvent.change(screen.getByLabelText(label), { target: { value } });

describe('the sign-in page', () => {
  it('should send a code to the phone, sign in with it and open my cases', async () => {
    const sent = scriptTaroRequest(
      { statusCode: 200, data: { sentTo: '138****8000', expiresIn: 300, resendAfter: 60 } },
      { statusCode: 200, data: session },
    );
    render(<LoginPage />);
    type('手机号', '13800138000');
    await act(async () => {
      fireEvent.click(screen.getByText('获取验证码'));
    });
    expect(await screen.findByText('验证码已发送至138****8000')).toBeTruthy();
    expect(screen.getByText('60秒后重新获取')).toBeTruthy();

    type('验证码', '123456');
    await act(async () => {
      fireEvent.click(screen.getByText('登录'));
    });
    await waitFor(() => expect(Taro.redirectTo).toHaveBeenCalledWith({ url: '/pages/cases/index' }));
    expect(JSON.parse(String(sent[1]?.data))).toEqual({ phone: '13800138000', code: '123456' });
    expect(useAuth.getState().session?.accessToken).toBe('access-1');
  });

  it('should refuse a malformed number without asking the server', () => {
    scriptTaroRequest();
    render(<LoginPage />);
    type('手机号', '1380013');
    fireEvent.click(screen.getByText('获取验证码'));
    expect(screen.getByText('请输入11位手机号码', { selector: '.login__error' })).toBeTruthy();
    expect(Taro.request).not.toHaveBeenCalled();
  });

  it('should say so when the code is wrong and stay signed out', async () => {
    scriptTaroRequest({ statusCode: 401, data: { code: 'SMS_CODE_INVALID', message: 'x', requestId: 'r' } });
    render(<LoginPage />);
    type('手机号', '13800138000');
    type('验证码', '000000');
    await act(async () => {
      fireEvent.click(screen.getByText('登录'));
    });
    expect(await screen.findByText('验证码不正确或已过期')).toBeTruthy();
    expect(useAuth.getState().session).toBeNull();
    expect(Taro.redirectTo).not.toHaveBeenCalled();
  });

  it('should offer the demo sign-in only when the server runs in demo mode', async () => {
    const { unmount } = render(<LoginPage />);
    expect(screen.queryByText('演示登录')).toBeNull();
    unmount();

    useSystemStatus.setState({ phase: 'ready', health: healthy, failure: null });
    const sent = scriptTaroRequest({
      statusCode: 200,
      data: { accessToken: 'demo-1', tokenType: 'Bearer', expiresIn: 900, user },
    });
    render(<LoginPage />);
    await act(async () => {
      fireEvent.click(screen.getByText('演示登录'));
    });
    await waitFor(() => expect(Taro.redirectTo).toHaveBeenCalledWith({ url: '/pages/cases/index' }));
    expect(JSON.parse(String(sent[0]?.data))).toEqual({ role: 'resident' });
    expect(useAuth.getState().session).toMatchObject({ accessToken: 'demo-1', refreshToken: null });
  });
});

describe('the sign-in page in the mini-program', () => {
  const me = (phoneMasked: string | null) => ({
    ...user,
    phone: phoneMasked ? '13800138000' : null,
    phoneMasked,
    wechatLinked: true,
  });

  beforeEach(() => {
    mockPlatform.method = 'wechat';
    (Taro.login as jest.Mock).mockResolvedValue({ code: 'wx-code-1', errMsg: 'login:ok' });
  });

  it('should sign in with the wx.login code and return to the page that asked for it', async () => {
    (Taro.useRouter as jest.Mock).mockReturnValue({ params: { redirect: encodeURIComponent('/pages/report/index') } });
    const sent = scriptTaroRequest({ statusCode: 200, data: session }, { statusCode: 200, data: me('138****8000') });
    render(<LoginPage />);
    expect(screen.queryByLabelText('手机号')).toBeNull();
    await act(async () => {
      fireEvent.click(screen.getByText('微信一键登录'));
    });
    await waitFor(() => expect(Taro.redirectTo).toHaveBeenCalledWith({ url: '/pages/report/index' }));
    expect(sent[0]).toMatchObject({ url: 'http://localhost:3000/api/auth/wechat', method: 'POST' });
    expect(JSON.parse(String(sent[0]?.data))).toEqual({ code: 'wx-code-1' });
    expect(useAuth.getState().session?.accessToken).toBe('access-1');
  });

  it('should ask for the phone number when the WeChat account has none, and never follow a foreign redirect', async () => {
    (Taro.useRouter as jest.Mock).mockReturnValue({
      params: { redirect: encodeURIComponent('https://evil.example/x') },
    });
    scriptTaroRequest({ statusCode: 200, data: session }, { statusCode: 200, data: me(null) });
    render(<LoginPage />);
    await act(async () => {
      fireEvent.click(screen.getByText('微信一键登录'));
    });
    expect(await screen.findByText('绑定微信手机号')).toBeTruthy();
    fireEvent.click(screen.getByText('暂不绑定'));
    expect(Taro.redirectTo).toHaveBeenCalledWith({ url: '/pages/cases/index' });
  });

  it('should say in Chinese when WeChat sign-in is not set up on the server', async () => {
    (Taro.useRouter as jest.Mock).mockReturnValue({ params: {} });
    scriptTaroRequest({ statusCode: 503, data: { code: 'WECHAT_NOT_CONFIGURED', message: 'x', requestId: 'r' } });
    render(<LoginPage />);
    await act(async () => {
      fireEvent.click(screen.getByText('微信一键登录'));
    });
    expect(await screen.findByText('微信登录暂未开通，请使用手机号登录')).toBeTruthy();
    expect(useAuth.getState().session).toBeNull();
  });
});
