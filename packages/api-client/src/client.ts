// Hotline's typed API client: every endpoint as a method, responses validated
// with the shared zod schemas, errors mapped to ApiError.
import { errorResponseSchema, healthResponseSchema, type HealthResponse } from '@hotline/core';
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
}

export interface ApiClient {
  health(): Promise<HealthResponse>;
}

const IDEMPOTENT: ReadonlySet<HttpMethod> = new Set(['GET', 'HEAD']);

const defaultRetryDelay = (attempt: number): number => 300 * 2 ** (attempt - 1);

const sleep = (ms: number): Promise<void> =>
  ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();

function responseOf(error: unknown): TransportResponse<unknown> | undefined {
  if (typeof error !== 'object' || error === null || !('response' in error)) return undefined;
  const response = (error as { response?: unknown }).response;
  if (typeof response !== 'object' || response === null) return undefined;
  const { status, data, headers } = response as Partial<TransportResponse<unknown>>;
  if (typeof status !== 'number') return undefined;
  return { status, data, headers: headers ?? {} };
}

function toApiError(response: TransportResponse<unknown>): ApiError {
  const body = errorResponseSchema.safeParse(response.data);
  if (body.success) {
    return new ApiError({
      code: body.data.code,
      status: response.status,
      message: body.data.message,
      requestId: body.data.requestId,
      details: body.data.details,
    });
  }
  return new ApiError({
    code: UNEXPECTED_RESPONSE,
    status: response.status,
    message: `Unexpected response with status ${response.status}`,
    requestId: response.headers['x-request-id'],
  });
}

export function createApiClient(transport: Transport, options: ApiClientOptions = {}): ApiClient {
  const retries = options.retries ?? 2;
  const retryDelayMs = options.retryDelayMs ?? defaultRetryDelay;

  async function send(config: TransportRequest): Promise<TransportResponse<unknown>> {
    const token = options.getToken ? await options.getToken() : undefined;
    const headers: Record<string, string> = { Accept: 'application/json', ...config.headers };
    if (token) headers.Authorization = `Bearer ${token}`;
    const attempts = IDEMPOTENT.has(config.method) ? retries + 1 : 1;

    for (let attempt = 1; ; attempt++) {
      try {
        return await transport.request<unknown>({ ...config, headers });
      } catch (error) {
        const response = responseOf(error);
        if (response) return response;
        if (attempt >= attempts) {
          throw new ApiError({
            code: NETWORK_ERROR,
            status: 0,
            message: error instanceof Error ? error.message : 'Network error',
            cause: error,
          });
        }
        await sleep(retryDelayMs(attempt));
      }
    }
  }

  async function call<T>(config: TransportRequest, schema: ZodType<T>): Promise<T> {
    const response = await send(config);
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
  }

  return {
    health: () => call({ method: 'GET', url: '/health' }, healthResponseSchema),
  };
}
