// Web Push endpoints come from the browser, i.e. from any caller: only https on the known push
// services' hosts is accepted, never loopback, private or link-local addresses (SSRF).
import { DEFAULT_PUSH_HOSTS, pushEndpointProblem } from '../src/integrations/webpush/push-endpoint';

const policy = { hosts: DEFAULT_PUSH_HOSTS, allowLoopbackHttp: false };

describe('push endpoint policy', () => {
  it.each([
    'https://fcm.googleapis.com/fcm/send/abc:def',
    'https://updates.push.services.mozilla.com/wpush/v2/gAAAA',
    'https://web.push.apple.com/QOM',
    'https://wns2-by3p.notify.windows.com/w/?token=x',
  ])('accepts the push service %s', (endpoint) => {
    expect(pushEndpointProblem(endpoint, policy)).toBeNull();
  });

  it.each([
    ['http://fcm.googleapis.com/fcm/send/x', 'https'],
    ['https://127.0.0.1/x', '内网'],
    ['https://localhost:8443/x', '内网'],
    ['https://[::1]/x', '内网'],
    ['https://10.0.0.5/x', '内网'],
    ['https://172.20.1.1/x', '内网'],
    ['https://192.168.1.10/x', '内网'],
    ['https://169.254.169.254/latest/meta-data', '内网'],
    ['https://[fd00::1]/x', '内网'],
    ['https://[::ffff:10.0.0.1]/x', '内网'],
    ['https://metadata/x', '内网'],
    ['https://evil.example.com/x', '推送服务'],
    ['https://fcm.googleapis.com.evil.example/x', '推送服务'],
    ['https://push.apple.com/x', '推送服务'],
    ['https://user:pw@fcm.googleapis.com/x', '账号'],
    ['file:///etc/passwd', 'https'],
    ['not a url', '无效'],
  ])('refuses %s', (endpoint, why) => {
    expect(pushEndpointProblem(endpoint, policy)).toContain(why);
  });

  it('lets tests post to a fake service on loopback only when told to', () => {
    expect(pushEndpointProblem('http://127.0.0.1:4000/push/x', { ...policy, allowLoopbackHttp: true })).toBeNull();
    expect(pushEndpointProblem('http://10.0.0.5:4000/push/x', { ...policy, allowLoopbackHttp: true })).toContain('https');
  });
});
