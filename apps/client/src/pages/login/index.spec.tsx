import Taro from '@tarojs/taro';
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { healthy, scriptTaroRequest } from '../../../test/fakeTaroRequest';
import { useAuth } from '@/stores/auth';
import { useSystemStatus } from '@/stores/systemStatus';
import LoginPage from './index';

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
