import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { FieldProblem, ValidationFailed } from './domain-error';
import { toFieldProblems } from './validation';

type ClassOf<T> = new () => T;

/**
 * Validates a request body against a DTO class and then against rules that need the whole body
 * (a child reference that must exist, a field required by another's value), and reports every
 * problem at once. Use it where the global pipe's per-field checks are not enough.
 */
export async function validateInput<T extends object>(
  cls: ClassOf<T>,
  body: unknown,
  crossFieldRules?: (input: T) => FieldProblem[],
): Promise<T> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ValidationFailed([{ pointer: '', code: 'isObject', detail: 'body must be a JSON object' }]);
  }
  const instance = plainToInstance(cls, body, { enableImplicitConversion: false });
  const errors = await validate(instance, { whitelist: true, forbidNonWhitelisted: true });
  const problems = toFieldProblems(errors);
  if (crossFieldRules) {
    try {
      problems.push(...crossFieldRules(instance));
    } catch {
      // cross-field rules assume a well-formed shape; shape problems are already listed
    }
  }
  if (problems.length) throw new ValidationFailed(problems);
  return instance;
}
