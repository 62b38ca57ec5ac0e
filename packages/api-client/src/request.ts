// The one request function every part of the API client calls: the bearer token from the getter
// (none for anonymous calls), GETs retried when no answer came, one renewal on 401 (not for
// anonymous or background calls), error bodies mapped to ApiError, answers checked by the schemas.
import { errorResponseSchema } from '@hotline/core';
import type { ZodType } from 'zod';
import { ApiError, INVALID_RESPONSE, NETWORK_ERROR, UNEXPECTED_RESPONSE } from './errors';
import type { HttpMethod, Transport, TransportRequest, TransportResponse } from './transport';

export interface ApiClientOptions {
  /** Returns the current access token, if any; called before every request. */
  getToken?: () => string | null | undefined | Promise<string | null | undefined>;
  /** Extra attempts for idempotent requests when no response arrived. */
  retries?: number;
  /** Wait before retry n (1-based), in milliseconds. */
  retryDelayMs?: (attempt: number) => number;
  /**
   * Called once when a request sent with a token is answered 401; resolves true
   * when it obtained a new token (the request is then sent once more), false otherwise.
   */
  onUnauthorized?: () => Promise<boolean>;
}

export interface CallOptions {
  /** Sent without a token (sign-in, public reads): never renews one. */
  anonymous?: boolean;
  /** A background request (the live stream's ticket): a 401 is answered as is, without renewing or ending the session. */
  background?: boolean;
}

export type Call = <T>(config: TransportRequest, schema: ZodType<T>, callOptions?: CallOptions) => Promise<T>;

const IDEMPOTENT: ReadonlySet<HttpMethod> = new Set(['GET', 'HEAD']);

const defaultRetryDelay = (attempt: number): number => 300 * 2 ** (attempt - 1);

const sleep = (ms: number): Promise<void> => (ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve());

function responseOf(error: unknown): TransportResponse<unknown> | undefined {
  const response = typeof error === 'object' && error !== null ? (error as { response?: unknown }).response : undefined;
  if (typeof response !== 'object' || response === null) return undefined;
  const { status, data, headers } = response as Partial<TransportResponse<unknown>>;
  return typeof status === 'number' ? { status, data, headers: headers ?? {} } : undefined;
}

function toApiError(response: TransportResponse<unknown>): ApiError {
  const body = errorResponseSchema.safeParse(response.data);
  if (body.success) {
    const { code, message, requestId, details } = body.data;
    return new ApiError({ code, status: response.status, message, requestId, details });
  }
  return new ApiError({
    code: UNEXPECTED_RESPONSE,
    status: response.status,
    message: `Unexpected response with status ${response.status}`,
    requestId: response.headers['x-request-id'],
  });
}

export function createCaller(transport: Transport, options: ApiClientOptions = {}): Call {
  const retries = options.retries ?? 2;
  const retryDelayMs = options.retryDelayMs ?? defaultRetryDelay;

  async function sendOnce(config: TransportRequest, anonymous: boolean) {
    const token = !anonymous && options.getToken ? await options.getToken() : undefined;
    const headers: Record<string, string> = { Accept: 'application/json', ...config.headers };
    if (token) headers.Authorization = `Bearer ${token}`;
    const attempts = IDEMPOTENT.has(config.method) ? retries + 1 : 1;
    for (let attempt = 1; ; attempt++) {
      try {
        return { response: await transport.request<unknown>({ ...config, headers }), withToken: Boolean(token) };
      } catch (error) {
        const response = responseOf(error);
        if (response) return { response, withToken: Boolean(token) };
        if (attempt >= attempts) {
          const message = error instanceof Error ? error.message : 'Network error';
          throw new ApiError({ code: NETWORK_ERROR, status: 0, message, cause: error });
        }
        await sleep(retryDelayMs(attempt));
      }
    }
  }

  return async function call<T>(config: TransportRequest, schema: ZodType<T>, callOptions: CallOptions = {}): Promise<T> {
    const anonymous = callOptions.anonymous ?? false;
    const first = await sendOnce(config, anonymous);
    let response = first.response;
    const renew = response.status === 401 && first.withToken && !callOptions.background && options.onUnauthorized;
    if (renew && (await renew())) response = (await sendOnce(config, anonymous)).response;
    if (response.status < 200 || response.status >= 300) throw toApiError(response);
    const parsed = schema.safeParse(response.data);
    if (!parsed.success) {
      throw new ApiError({
        code: INVALID_RESPONSE,
        status: response.status,
        message: `Response of ${config.method} ${config.url} does not match its schema`,
        requestId: response.headers['x-request-id'],
        details: parsed.error.issues,
      });
    }
    return parsed.data;
  };
}
