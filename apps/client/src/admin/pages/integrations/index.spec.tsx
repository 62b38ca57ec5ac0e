import { act, fireEvent, render, screen } from '@testing-library/react';
import { scriptTaroRequest } from '../../../../test/fakeTaroRequest';
import { useAuth } from '@/stores/auth';
import AdminIntegrationsPage from './index';

const admin = { id: 'a1', role: 'admin' as const, name: '孙伟', unitId: 'centre', unitName: '热线中心' };
const status = {
  wechat: {
    configured: true,
    templates: [
      {
        kind: 'dispatch',
        templateId: 'TPL-STAFF-NEW-CASE',
        fields: [
          { keyword: 'thing2', rule: 'thing', fact: 'title', sample: '新工单待签收', ok: true, problem: null },
          {
            keyword: 'phrase3',
            rule: 'phrase',
            fact: 'status',
            sample: '已受理待派单中',
            ok: false,
            problem: 'phrase 类字段最多5个汉字',
          },
        ],
      },
    ],
    kindsWithoutTemplate: ['urge'],
  },
  sms: {
    gateway: 'tencent',
    templates: [
      { key: 'login_code', templateId: '2468', purpose: '登录验证码' },
      { key: 'case_replied', templateId: null, purpose: '答复通知' },
    ],
  },
  webPush: { vapidPublicKey: 'BOr4-vapid-public-key' },
};
const key = {
  id: 'k1',
  name: '县城随手拍',
  prefix: 'o311_AbCd',
  requestsPerMinute: 30,
  createdAt: '2026-11-30T02:00:00.000Z',
  lastUsedAt: null,
  revokedAt: null,
};

const click = (text: string) =>
  act(async () => {
    fireEvent.click(screen.getByText(text));
  });

beforeEach(() => {
  useAuth.setState({ session: { accessToken: 'admin-token', refreshToken: null, user: admin } });
});

describe('the integrations page', () => {
  it('shows each WeChat template field against its rule, the SMS templates and the Web Push key', async () => {
    scriptTaroRequest({ statusCode: 200, data: [] }, { statusCode: 200, data: status });
    render(<AdminIntegrationsPage />);
    const bad = await screen.findByText('phrase 类字段最多5个汉字');
    expect(bad.className).toContain('admin-error');
    expect(screen.getByText('符合')).toBeTruthy();
    expect(screen.getByText('dispatch · 模板 TPL-STAFF-NEW-CASE')).toBeTruthy();
    expect(screen.getByText(/以下通知类型没有微信模板.*urge/)).toBeTruthy();
    expect(screen.getByText('未配置模板 ID')).toBeTruthy();
    expect(screen.getByText('BOr4-vapid-public-key')).toBeTruthy();
    expect(screen.getByText('还没有签发密钥')).toBeTruthy();
  });

  it('issues an Open311 key, shows it once, and revokes it after asking once', async () => {
    const sent = scriptTaroRequest(
      { statusCode: 200, data: [] },
      { statusCode: 200, data: status },
      { statusCode: 201, data: { ...key, key: 'o311_AbCdEfGhIjKlMnOpQrStUvWxYz012345' } },
      { statusCode: 200, data: [key] },
      { statusCode: 200, data: { ...key, revokedAt: '2026-11-30T03:00:00.000Z' } },
      { statusCode: 200, data: [{ ...key, revokedAt: '2026-11-30T03:00:00.000Z' }] },
    );
    render(<AdminIntegrationsPage />);
    await screen.findByText('还没有签发密钥');
    await click('签发密钥');
    expect(screen.getByText('数值过小：期望 string >=1 字符')).toBeTruthy();
    fireEvent.change(screen.getAllByLabelText('使用方名称')[0]!, { target: { value: '县城随手拍' } });
    fireEvent.change(screen.getAllByLabelText('每分钟请求上限')[0]!, { target: { value: '30' } });
    await click('签发密钥');
    expect(await screen.findByText('o311_AbCdEfGhIjKlMnOpQrStUvWxYz012345')).toBeTruthy();
    expect(JSON.parse(String(sent[2]?.data))).toEqual({ name: '县城随手拍', requestsPerMinute: 30 });
    expect(await screen.findByText('o311_AbCd…')).toBeTruthy();
    await click('停用密钥');
    expect(sent).toHaveLength(4);
    await click('确认停用密钥？再点一次执行');
    expect(await screen.findByText(/^已停用/)).toBeTruthy();
    expect(sent[4]).toMatchObject({ method: 'POST', url: expect.stringMatching(/\/admin\/open311-keys\/k1\/revoke$/) });
    expect(screen.queryByText('o311_AbCdEfGhIjKlMnOpQrStUvWxYz012345')).toBeNull();
  });
});
