import { ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldProblem, ValidationFailed } from './domain-error';

/** Flattens class-validator errors into one problem per failed rule, each with a JSON pointer. */
export function toFieldProblems(errors: ValidationError[], parent = ''): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const error of errors) {
    const pointer = `${parent}/${error.property}`;
    const constraints = error.constraints ?? {};
    // "required" beats the type errors that follow from a missing value.
    const keys = Object.keys(constraints);
    const missing = error.value === undefined || error.value === null;
    if (missing && keys.length) {
      problems.push({ pointer, code: 'required', detail: 'required' });
    } else {
      for (const code of keys) problems.push({ pointer, code, detail: constraints[code] });
    }
    if (error.children?.length) problems.push(...toFieldProblems(error.children, pointer));
  }
  return problems;
}

/** The validation pipe every service uses: whitelist, transform, and every invalid field at once. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    exceptionFactory: (errors) => new ValidationFailed(toFieldProblems(errors)),
  });
}
