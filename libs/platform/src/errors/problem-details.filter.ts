import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError, ErrorKind, ValidationFailed } from './domain-error';
import { fieldMessage, languageOf, TITLES } from './messages';

const STATUS_OF: Record<ErrorKind, number> = {
  invalid: 400,
  'not-found': 404,
  forbidden: 403,
  conflict: 409,
  unavailable: 503,
};

const CODE_OF_STATUS: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  503: 'UNAVAILABLE',
};

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  code: string;
  errors?: { pointer: string; code: string; detail: string }[];
}

/** Turns every error into RFC 9457 problem details, titled in the reader's language. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<Request>();
    const res = ctx.getResponse<Response>();
    const lang = languageOf(req.headers['accept-language']);
    const problem = this.toProblem(exception, lang);
    problem.instance = req.originalUrl;
    if (problem.status >= 500) this.logger.error(exception instanceof Error ? exception : String(exception));
    res.status(problem.status).type('application/problem+json').setHeader('Content-Language', lang);
    if (problem.status === 401) res.setHeader('WWW-Authenticate', 'Bearer realm="fund-desk"');
    res.send(JSON.stringify(problem));
  }

  private toProblem(exception: unknown, lang: 'nl' | 'en'): ProblemDetails {
    if (exception instanceof ValidationFailed) {
      return {
        type: 'https://fund-desk.example/problems/validation-failed',
        title: TITLES.VALIDATION_FAILED[lang],
        status: 400,
        code: exception.code,
        detail:
          lang === 'nl'
            ? `${exception.problems.length} veld(en) kloppen niet. Pas ze aan en probeer het opnieuw.`
            : `${exception.problems.length} field(s) are not right. Correct them and try again.`,
        errors: exception.problems.map((p) => ({ pointer: p.pointer, code: p.code, detail: fieldMessage(p.code, lang) })),
      };
    }
    if (exception instanceof DomainError) {
      const status = STATUS_OF[exception.kind];
      const code = exception.code;
      const title = (TITLES[code] ?? TITLES[CODE_OF_STATUS[status]] ?? TITLES.INTERNAL)[lang];
      return { type: `https://fund-desk.example/problems/${code.toLowerCase().replace(/_/g, '-')}`, title, status, code, detail: exception.message };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const code = CODE_OF_STATUS[status] ?? (status >= 500 ? 'INTERNAL' : 'BAD_REQUEST');
      const body = exception.getResponse();
      const detail = typeof body === 'string' ? body : (body as { message?: unknown }).message;
      return {
        type: 'about:blank',
        title: (TITLES[code] ?? TITLES.BAD_REQUEST)[lang],
        status,
        code,
        detail: Array.isArray(detail) ? detail.join('; ') : typeof detail === 'string' ? detail : undefined,
      };
    }
    // The body parser's refusals (http-errors: a body too large, not UTF-8, an unknown charset) are the client's.
    const parserStatus = (exception as { status?: unknown; expose?: unknown } | null)?.status;
    if (typeof parserStatus === 'number' && parserStatus >= 400 && parserStatus < 500 && (exception as { expose?: unknown }).expose === true) {
      const code = parserStatus === 413 ? 'PAYLOAD_TOO_LARGE' : (CODE_OF_STATUS[parserStatus] ?? 'BAD_REQUEST');
      return { type: 'about:blank', title: (TITLES[code] ?? TITLES.BAD_REQUEST)[lang], status: parserStatus, code, detail: (exception as Error).message };
    }
    return {
      type: 'about:blank',
      title: TITLES.INTERNAL[lang],
      status: HttpStatus.INTERNAL_SERVER_ERROR,
      code: 'INTERNAL',
    };
  }
}
