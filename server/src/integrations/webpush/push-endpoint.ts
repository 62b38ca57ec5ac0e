// Which Web Push endpoints the server will post to. A subscription's endpoint is a URL the browser
// hands us, i.e. one any caller can choose: without a check, the notification worker would send
// requests from inside the network to wherever it says (SSRF). Only https on the configured push
// services' hosts passes; loopback, private and link-local addresses never do.
import net from 'node:net';

/** The browsers' push services (Chrome/Edge FCM, Firefox autopush, Safari, Windows). */
export const DEFAULT_PUSH_HOSTS = ['fcm.googleapis.com', 'updates.push.services.mozilla.com', '*.push.apple.com', '*.notify.windows.com'];

export interface PushEndpointPolicy {
  hosts: string[];
  /** Tests only (a fake push service on loopback over http); refused outside demo mode. */
  allowLoopbackHttp: boolean;
}

/** Why the endpoint is refused, or null when the server may post to it. */
export function pushEndpointProblem(endpoint: string, policy: PushEndpointPolicy): string | null {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return '推送地址无效';
  }
  const host = unmapIpv4(url.hostname.replace(/^\[|\]$/g, '').toLowerCase());
  const loopback = host === 'localhost' || isLoopback(host);
  if (policy.allowLoopbackHttp && loopback && (url.protocol === 'http:' || url.protocol === 'https:')) return null;
  if (url.protocol !== 'https:') return '推送地址必须使用 https';
  if (url.username || url.password) return '推送地址不能包含账号信息';
  if (loopback || isPrivate(host)) return '推送地址不能指向本机或内网';
  const allowed = policy.hosts.some((pattern) =>
    pattern.startsWith('*.') ? host.endsWith(pattern.slice(1)) && host.length > pattern.length - 1 : host === pattern,
  );
  return allowed ? null : '推送地址不属于已知的浏览器推送服务';
}

/** '::ffff:a00:1' (how URL writes ::ffff:10.0.0.1) → '10.0.0.1', so IPv4 rules apply to it. */
function unmapIpv4(host: string): string {
  const m = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(host);
  if (!m) return host;
  const [hi, lo] = [parseInt(m[1]!, 16), parseInt(m[2]!, 16)];
  return [hi >> 8, hi & 255, lo >> 8, lo & 255].join('.');
}

function isLoopback(host: string): boolean {
  if (net.isIPv4(host)) return host.startsWith('127.') || host === '0.0.0.0';
  if (net.isIPv6(host)) return host === '::1' || host === '::' || /^::ffff:127\./.test(host);
  return host.endsWith('.localhost');
}

function isPrivate(host: string): boolean {
  if (net.isIPv4(host)) {
    const [a = 0, b = 0] = host.split('.').map(Number);
    return a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254) || a === 0 || (a === 100 && b >= 64 && b <= 127);
  }
  if (net.isIPv6(host)) return /^(fc|fd|fe8|fe9|fea|feb)/.test(host) || /^::ffff:(10\.|192\.168\.|169\.254\.|172\.(1[6-9]|2\d|3[01])\.)/.test(host);
  // Any other IP literal or a bare name is not a push service.
  return !host.includes('.');
}
