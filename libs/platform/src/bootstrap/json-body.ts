import type { NextFunction, Request, Response } from 'express';
import { type FieldProblem, ValidationFailed } from '../errors/domain-error';

/** Deeper than this, a body is not a form anyone filled in. */
export const MAX_JSON_DEPTH = 32;
/** Keys that name an object's machinery, not data: refused rather than silently dropped. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
/** UTF-16 halves without their other half (text no keyboard makes, that breaks storage and logs). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const invalidText = (text: string) => text.includes('\u0000') || LONE_SURROGATE.test(text);

const pointerOf = (path: (string | number)[]) => `/${path.map((p) => String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;

/** Every problem of the body's shape: too deep, a forbidden key, invalid text in a key or a value (at most 20). */
export function jsonShapeProblems(body: unknown): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const walk = (value: unknown, path: (string | number)[], depth: number): void => {
    if (problems.length >= 20) return;
    if (typeof value === 'string') {
      if (invalidText(value)) problems.push({ pointer: pointerOf(path), code: 'invalidText', detail: 'contains NUL or an unpaired surrogate' });
      return;
    }
    if (value === null || typeof value !== 'object') return;
    if (depth > MAX_JSON_DEPTH) {
      problems.push({ pointer: pointerOf(path), code: 'tooDeep', detail: `nested deeper than ${MAX_JSON_DEPTH} levels` });
      return;
    }
    if (Array.isArray(value)) {
      value.forEach((item, i) => walk(item, [...path, i], depth + 1));
      return;
    }
    for (const key of Object.keys(value)) {
      if (FORBIDDEN_KEYS.has(key)) problems.push({ pointer: pointerOf([...path, key]), code: 'forbiddenKey', detail: `the key ${key} is not allowed` });
      else if (invalidText(key)) problems.push({ pointer: pointerOf([...path, key]), code: 'invalidText', detail: 'a key contains NUL or an unpaired surrogate' });
      else walk((value as Record<string, unknown>)[key], [...path, key], depth + 1);
    }
  };
  walk(body, [], 0);
  return problems;
}

/** After the JSON parser: a body of the wrong shape is a 400 naming every place, before any handler sees it. */
export function jsonShapeGuard(req: Request, _res: Response, next: NextFunction): void {
  if (req.body === undefined || req.body === null || typeof req.body !== 'object') return next();
  const problems = jsonShapeProblems(req.body);
  next(problems.length ? new ValidationFailed(problems) : undefined);
}

/** For the JSON parser's `verify`: bytes that are not UTF-8 are refused (body-parser would turn them into U+FFFD). */
export function strictUtf8(_req: unknown, _res: unknown, buffer: Buffer): void {
  if (!buffer.length) return;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(buffer);
  } catch {
    throw Object.assign(new Error('The body is not valid UTF-8'), { status: 400, statusCode: 400, expose: true, type: 'encoding.invalid' });
  }
}
