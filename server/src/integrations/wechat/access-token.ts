// The mini-program's server access_token, shared by every WeChat call (phone numbers,
// subscription messages). Fetched with cgi-bin/stable_token, cached until shortly before it
// expires, and never fetched by two callers at once: concurrent callers share one request.
import { Global, Inject, Injectable, Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/config';

/** WeChat's errcode (or -1 for network/HTTP trouble), for callers to map the codes they know. */
export class WechatApiError extends Error {
  constructor(
    readonly errcode: number,
    readonly errmsg: string,
  ) {
    super(`WeChat API error ${errcode}: ${errmsg}`);
    this.name = 'WechatApiError';
  }
}

export async function wechatFetchJson<T>(url: string, options: { method?: 'GET' | 'POST'; body?: unknown; timeoutMs?: number } = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: options.method ?? 'GET',
      headers: options.body === undefined ? {} : { 'content-type': 'application/json' },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: AbortSignal.timeout(options.timeoutMs ?? 8000),
    });
  } catch (err) {
    throw new WechatApiError(-1, `network: ${(err as Error).message}`);
  }
  let json: T & { errcode?: number; errmsg?: string };
  try {
    json = (await res.json()) as T & { errcode?: number; errmsg?: string };
  } catch {
    throw new WechatApiError(-1, `HTTP ${res.status} without JSON`);
  }
  if (typeof json.errcode === 'number' && json.errcode !== 0) throw new WechatApiError(json.errcode, json.errmsg ?? '');
  return json;
}

/** Refresh this long before WeChat's own expiry, so a token never dies mid-request. */
const EARLY_REFRESH_MS = 5 * 60 * 1000;

@Injectable()
export class WechatAccessToken {
  private cached: { token: string; expiresAt: number } | null = null;
  private inFlight: Promise<string> | null = null;
  /** After WeChat rejected a token, stable_token must be asked for a new one, not the same. */
  private forceRefresh = false;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async get(now = Date.now()): Promise<string> {
    if (this.cached && this.cached.expiresAt - EARLY_REFRESH_MS > now) return this.cached.token;
    this.inFlight ??= this.fetchToken().finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  /** Drops the cached token after WeChat called it invalid (40001/42001), so the next get() fetches anew. */
  invalidate(token: string): void {
    if (this.cached?.token === token) {
      this.cached = null;
      this.forceRefresh = true;
    }
  }

  private async fetchToken(): Promise<string> {
    const { appId, appSecret, apiBase } = this.config.wechat;
    if (!appId || !appSecret) throw new WechatApiError(-2, 'WECHAT_APP_ID / WECHAT_APP_SECRET not configured');
    const body = await wechatFetchJson<{ access_token?: string; expires_in?: number }>(`${apiBase}/cgi-bin/stable_token`, {
      method: 'POST',
      body: { grant_type: 'client_credential', appid: appId, secret: appSecret, force_refresh: this.forceRefresh },
    });
    this.forceRefresh = false;
    if (!body.access_token) throw new WechatApiError(-1, 'stable_token answered without access_token');
    this.cached = { token: body.access_token, expiresAt: Date.now() + (body.expires_in ?? 7200) * 1000 };
    return body.access_token;
  }
}

/** Global, so every WeChat client in the server shares one token cache. */
@Global()
@Module({ providers: [WechatAccessToken], exports: [WechatAccessToken] })
export class WechatAccessTokenModule {}

/** A client of the mini-program's server API: the config, the shared access token, and whether the app id and secret are set. */
export abstract class WechatClient {
  constructor(
    @Inject(APP_CONFIG) protected readonly config: AppConfig,
    protected readonly accessToken: WechatAccessToken,
  ) {}

  get configured(): boolean {
    return Boolean(this.config.wechat.appId && this.config.wechat.appSecret);
  }
}
