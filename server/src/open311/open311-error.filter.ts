// Open311's error answer: a list of {code, description}, code being the HTTP status, in the
// format the URL asked for (XML when it ends in .xml), with the status the spec names
// (400 bad input, 403 bad or missing api_key, 404 unknown service or request, 429 too many).
import { type ArgumentsHost, Catch, type ExceptionFilter, Logger } from '@nestjs/common';
import { failureOf } from '../common/error-body';
import { toOpen311Xml } from './open311.xml';

@Catch()
export class Open311ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Open311');

  catch(exception: unknown, host: ArgumentsHost): void {
    const { req, reply, status, body } = failureOf(exception, host, this.logger, 'open311 request failed');
    const details = Array.isArray(body.details)
      ? (body.details as { message?: unknown }[]).map((d) => d.message).filter((m): m is string => typeof m === 'string')
      : [];
    const description = [body.message, ...details.filter((m) => m !== body.message)].join('；');
    const errors = [{ code: status, description }];
    void reply.header('x-request-id', String(req.id));
    const xml = /\.xml(?:\?|$)/.test(req.url);
    void reply
      .status(status)
      .header('content-type', xml ? 'text/xml; charset=utf-8' : 'application/json; charset=utf-8')
      .send(xml ? toOpen311Xml('errors', errors) : JSON.stringify(errors));
  }
}
