/** What kind of failure a domain error is; the edge maps it to an HTTP status, a consumer to retry or dead-letter. */
export type ErrorKind = 'invalid' | 'not-found' | 'forbidden' | 'conflict' | 'unavailable';

/** Errors raised by use cases. They never carry HTTP types: use cases also run in workers and consumers. */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly kind: ErrorKind,
    message: string,
    readonly params: Record<string, string | number> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export class NotFoundError extends DomainError {
  constructor(what: string, id: string) {
    super('NOT_FOUND', 'not-found', `${what} ${id} not found`, { what, id });
  }
}

export class ForbiddenError extends DomainError {
  constructor(message = 'Not allowed') {
    super('FORBIDDEN', 'forbidden', message);
  }
}

export class ConflictError extends DomainError {
  constructor(code: string, message: string) {
    super(code, 'conflict', message);
  }
}

/** One invalid field, pointed at with an RFC 6901 JSON pointer. */
export interface FieldProblem {
  pointer: string;
  code: string;
  detail: string;
}

export class ValidationFailed extends DomainError {
  constructor(readonly problems: FieldProblem[]) {
    super('VALIDATION_FAILED', 'invalid', `${problems.length} invalid field(s)`);
  }
}
