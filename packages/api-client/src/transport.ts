// The one thing the client needs from the outside: something that sends an HTTP request.
// The app passes its axios instance (wrapped), tests pass a fake.

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface TransportRequest {
  method: HttpMethod;
  url: string;
  data?: unknown;
  params?: Record<string, string | number | boolean | undefined>;
  headers?: Record<string, string>;
}

export interface TransportResponse<T> {
  status: number;
  data: T;
  headers: Record<string, string>;
}

/**
 * A transport resolves with every response it received, whatever its status.
 * It rejects only when no response arrived (network down, timeout). A transport
 * that rejects with an error carrying `response` (axios's default) is accepted too.
 */
export interface Transport {
  request<T>(config: TransportRequest): Promise<TransportResponse<T>>;
}
