import { act, fireEvent, render, screen } from '@testing-library/react';
import { healthy, scriptTaroRequest } from '../../../test/fakeTaroRequest';
import { useSystemStatus } from '@/stores/systemStatus';
import StatusPage from './index';

beforeEach(() => {
  useSystemStatus.setState({ phase: 'idle', health: null, failure: null });
});

describe('the status page', () => {
  it('should show that the service is up, its database and version', async () => {
    const sent = scriptTaroRequest({ statusCode: 200, data: healthy });
    render(<StatusPage />);

    expect(screen.getByText('正在检查服务状态…')).toBeTruthy();
    expect(await screen.findByText('正常')).toBeTruthy();
    expect(screen.getByText('SQLite')).toBeTruthy();
    expect(screen.getByText('0.1.0')).toBeTruthy();
    expect(screen.getByText('2026年11月28日 12:00:00')).toBeTruthy();
    expect(sent[0]?.url).toBe('http://localhost:3000/api/health');
  });

  it('should name PostgreSQL when the server runs on it', async () => {
    scriptTaroRequest({ statusCode: 200, data: { ...healthy, database: 'postgres', demo: false } });
    render(<StatusPage />);
    expect(await screen.findByText('PostgreSQL')).toBeTruthy();
    expect(screen.queryByText('演示模式')).toBeNull();
  });

  it('should explain a server error with its code and request id, and recover on retry', async () => {
    scriptTaroRequest(
      { statusCode: 503, data: { code: 'SYSTEM.DB_DOWN', message: 'down', requestId: 'req-42' } },
      { statusCode: 200, data: healthy },
    );
    render(<StatusPage />);

    expect(await screen.findByText('暂时无法获取服务状态')).toBeTruthy();
    expect(screen.getByText('服务器返回错误（SYSTEM.DB_DOWN），请稍后重试。')).toBeTruthy();
    expect(screen.getByText('请求编号：req-42')).toBeTruthy();

    await act(async () => {
      fireEvent.click(screen.getByText('重试'));
    });
    expect(await screen.findByText('正常')).toBeTruthy();
    expect(screen.queryByText('暂时无法获取服务状态')).toBeNull();
  });

  it('should tell the resident to check the network when the server cannot be reached', async () => {
    scriptTaroRequest({ errMsg: 'request:fail ' }, { errMsg: 'request:fail ' }, { errMsg: 'request:fail ' });
    render(<StatusPage />);
    expect(await screen.findByText('无法连接服务器，请检查网络后重试。', undefined, { timeout: 3000 })).toBeTruthy();
    expect(screen.getByText('重试')).toBeTruthy();
  });
});
