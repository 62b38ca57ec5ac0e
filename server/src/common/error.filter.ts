// The one place that turns any failure into the API's error shape:
// { code, message, requestId, details? } with the right HTTP status. Unknown errors become
// INTERNAL without their stack trace (which goes to the log with the request id); a 429 says
// when to come back.
import { type ArgumentsHost, Catch, type ExceptionFilter, Logger } from '@nestjs/common';
import { failureOf } from './error-body';

@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('ErrorFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const { reply, status, body } = failureOf(exception, host, this.logger, 'request failed');
    void reply.status(status).header('content-type', 'application/json; charset=utf-8').send(body);
  }
}
