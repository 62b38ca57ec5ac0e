import Taro from '@tarojs/taro';
import { act, fireEvent, render, screen } from '@testing-library/react';
import { healthy, scriptTaroRequest } from '../../../../test/fakeTaroRequest';
import { useAuth } from '@/stores/auth';
import { useSystemStatus } from '@/stores/systemStatus';
import StaffHomePage from './index';

const operator = { id: 'op1', role: 'operator' as const, name: '王晓丽', unitId: 'centre', unitName: '热线中心' };
const session = {
  accessToken: 'staff-access-1',
  tokenType: 'Bearer',
  expiresIn: 900,
  user: operator,
  refreshToken: 'staff-refresh-1-abcdef',
  refreshExpiresIn: 2_592_000,
};

const type = (label: string, value: string) => fireEvent.change(screen.getByLabelText(label), { target: { value } });
const click = (text: string) =>
  act(async () => {
    fireEvent.click(screen.getByText(text));
  });

beforeEach(() => {
  useAuth.setState({ session: null });
  useSystemStatus.setState({ phase: 'ready', health: { ...healthy, demo: false }, failure: null });
});

describe('the staff sign-in', () => {
  it('should send a code, then show the server’s refusal of a wrong code and stay signed out', async () => {
    const sent = scriptTaroRequest(
      { statusCode: 200, data: { sentTo: '139****9000', expiresIn: 300, resendAfter: 60 } },
      { statusCode: 401, data: { code: 'SMS_CODE_INVALID', message: '验证码不正确或已过期', requestId: 'r1' } },
    );
    render(<StaffHomePage />);
    type('手机号', '13900139000');
    await click('获取验证码');
    expect(await screen.findByText('验证码已发送至139****9000')).toBeTruthy();
    expect(screen.getByText('60秒后重新获取')).toBeTruthy();

    type('验证码', '000000');
    await click('进入工作台');
    expect(await screen.findByText('验证码不正确或已过期')).toBeTruthy();
    expect(sent[1]?.url).toMatch(/\/auth\/staff\/sms-login$/);
    expect(useAuth.getState().session).toBeNull();
    expect(screen.queryByText('退出登录')).toBeNull();
  });

  it('should keep the session and show the menu of the signed-in role', async () => {
    const sent = scriptTaroRequest({ statusCode: 200, data: session });
    render(<StaffHomePage />);
    type('手机号', '13900139000');
    type('验证码', '123456');
    await click('进入工作台');
    expect(await screen.findByText('电话录入')).toBeTruthy();
    expect(screen.getByText('退出登录')).toBeTruthy();
    expect(JSON.parse(String(sent[0]?.data))).toEqual({ phone: '13900139000', code: '123456' });
    expect(useAuth.getState().session).toMatchObject({
      accessToken: 'staff-access-1',
      refreshToken: 'staff-refresh-1-abcdef',
    });
  });

  it('should refuse a malformed code without asking the server', async () => {
    scriptTaroRequest();
    render(<StaffHomePage />);
    type('手机号', '13900139000');
    type('验证码', '12');
    await click('进入工作台');
    expect(screen.getByText('验证码为6位数字')).toBeTruthy();
    expect(Taro.request).not.toHaveBeenCalled();
  });

  it('should offer the role and unit picker only when the server runs in demo mode', () => {
    const { unmount } = render(<StaffHomePage />);
    expect(screen.queryByText('演示登录')).toBeNull();
    unmount();

    useSystemStatus.setState({ phase: 'ready', health: healthy, failure: null });
    render(<StaffHomePage />);
    expect(screen.getByText('演示登录')).toBeTruthy();
    expect(screen.getByLabelText('角色')).toBeTruthy();
    expect(screen.getByLabelText('手机号')).toBeTruthy();
  });
});
