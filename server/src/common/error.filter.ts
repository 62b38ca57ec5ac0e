// The one place that turns any failure into the API's error shape:
// { code, message, requestId, details? } with the right HTTP status. Unknown errors become
// INTERNAL without their stack trace (which goes to the log with the request id).
import { type ArgumentsHost, Catch, type ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { toErrorBody } from './error-body';

@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('ErrorFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<FastifyRequest>();
    const reply = ctx.getResponse<FastifyReply>();
    const { status, body } = toErrorBody(exception, String(req.id));
    if (status >= 500) {
      this.logger.error({ err: exception, requestId: req.id }, 'request failed');
    }
    // A 429 says when to come back (RFC 9110 Retry-After), if the error knows.
    const retryAfter = (exception as { retryAfterSeconds?: unknown } | null)?.retryAfterSeconds;
    if (typeof retryAfter === 'number') void reply.header('retry-after', String(Math.max(1, Math.ceil(retryAfter))));
    void reply.status(status).header('content-type', 'application/json; charset=utf-8').send(body);
  }
}

