// Form fields with a label, an optional hint and the errors that concern them, and the error summary at the top.
// Errors come as RFC 9457 `errors[]` with JSON pointers (/children/0/birthDate); a field answers for its pointer
// (and for parent pointers it stands for, such as /items/0/provider), and its id is derived from the pointer.
import { createContext, useContext, useEffect, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import {
  Alert,
  Checkbox,
  Fieldset,
  FieldsetLegend,
  FormField,
  FormFieldDescription,
  FormFieldErrorMessage,
  FormLabel,
  Heading,
  Paragraph,
  RadioButton,
  Select,
  SelectOption,
  Textarea,
  Textbox,
} from '@utrecht/component-library-react';
import { ApiError, FieldError, Problem } from './api';
import { useI18n } from './i18n';

/** The id of the input for a JSON pointer: /children/0/birthDate → f-children-0-birthDate. */
export const fieldId = (pointer: string) => `f${pointer.replace(/[^A-Za-z0-9]+/g, '-')}`;

const ErrorsContext = createContext<FieldError[]>([]);
export const ErrorsProvider = ErrorsContext.Provider;

function useFieldErrors(pointer: string, alsoFor: string[] = []): FieldError[] {
  const errors = useContext(ErrorsContext);
  const mine = [pointer, ...alsoFor];
  return errors.filter((e) => mine.includes(e.pointer));
}

interface FieldProps {
  pointer: string;
  label: ReactNode;
  description?: ReactNode;
  /** Parent pointers this field stands for (a missing object or list). */
  alsoFor?: string[];
  required?: boolean;
}

function Messages({ id, errors }: { id: string; errors: FieldError[] }) {
  if (!errors.length) return null;
  return (
    <FormFieldErrorMessage id={`${id}-error`}>
      {errors.map((e) => (
        <span key={e.pointer + e.code} className="error-line">
          {e.detail}
        </span>
      ))}
    </FormFieldErrorMessage>
  );
}

function describedBy(id: string, description: unknown, errors: FieldError[]): string | undefined {
  return [description ? `${id}-hint` : '', errors.length ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
}

/** A field's id, the errors that concern it, and the attributes every input of it carries. */
function useField({ pointer, description, alsoFor }: Pick<FieldProps, 'pointer' | 'description' | 'alsoFor'>) {
  const id = fieldId(pointer);
  const errors = useFieldErrors(pointer, alsoFor);
  const invalid = errors.length > 0;
  return { id, errors, invalid, control: { id, name: id, invalid, 'aria-invalid': invalid || undefined, 'aria-describedby': describedBy(id, description, errors) } };
}

/** Label (with "optional" when `required` is false), hint, errors, then the input: a text, text area or select field. */
function LabelledField({ type, id, label, description, required, errors, children }: { type: 'text' | 'select'; id: string; label: ReactNode; description?: ReactNode; required?: boolean; errors: FieldError[]; children: ReactNode }) {
  const { t } = useI18n();
  return (
    <FormField type={type} invalid={errors.length > 0}>
      <div className="utrecht-form-field__label">
        <FormLabel htmlFor={id}>
          {label}
          {required === false ? <span className="optional"> {t('form.optional')}</span> : null}
        </FormLabel>
      </div>
      {description ? <FormFieldDescription id={`${id}-hint`}>{description}</FormFieldDescription> : null}
      <Messages id={id} errors={errors} />
      <div className="utrecht-form-field__input">{children}</div>
    </FormField>
  );
}

export function TextField({
  pointer,
  label,
  description,
  alsoFor,
  required,
  value,
  onChange,
  type = 'text',
  autoComplete,
  inputMode,
  spellCheck,
  width,
}: FieldProps & {
  value: string;
  onChange: (v: string) => void;
  type?: string;
  autoComplete?: string;
  inputMode?: 'text' | 'decimal' | 'numeric' | 'email' | 'tel';
  spellCheck?: boolean;
  width?: 'xs' | 's' | 'm';
}) {
  const { id, errors, control } = useField({ pointer, description, alsoFor });
  return (
    <LabelledField type="text" id={id} label={label} description={description} required={required} errors={errors}>
      <Textbox
        {...control}
        type={type}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        autoComplete={autoComplete}
        inputMode={inputMode}
        spellCheck={spellCheck}
        className={width ? `width-${width}` : undefined}
      />
    </LabelledField>
  );
}

export function TextAreaField({ pointer, label, description, alsoFor, value, onChange }: FieldProps & { value: string; onChange: (v: string) => void }) {
  const { id, errors, control } = useField({ pointer, description, alsoFor });
  return (
    <LabelledField type="text" id={id} label={label} description={description} errors={errors}>
      <Textarea {...control} value={value} onChange={(e) => onChange(e.target.value)} rows={4} />
    </LabelledField>
  );
}

export function SelectField({
  pointer,
  label,
  description,
  alsoFor,
  value,
  onChange,
  options,
}: FieldProps & { value: string; onChange: (v: string) => void; options: { value: string; label: string }[] }) {
  const { id, errors, control } = useField({ pointer, description, alsoFor });
  return (
    <LabelledField type="select" id={id} label={label} description={description} errors={errors}>
      <Select {...control} value={value} onChange={(e) => onChange(e.target.value)}>
        {options.map((o) => (
          <SelectOption key={o.value} value={o.value}>
            {o.label}
          </SelectOption>
        ))}
      </Select>
    </LabelledField>
  );
}

export function CheckboxField({ pointer, label, description, alsoFor, checked, onChange }: FieldProps & { checked: boolean; onChange: (v: boolean) => void }) {
  const { id, errors, invalid, control } = useField({ pointer, description, alsoFor });
  return (
    <FormField type="checkbox" invalid={invalid}>
      <Messages id={id} errors={errors} />
      <div className="utrecht-form-field__input checkbox-row">
        <Checkbox {...control} checked={checked} onChange={(e) => onChange(e.target.checked)} appearance="custom" />
        <FormLabel htmlFor={id} type="checkbox" checked={checked}>
          {label}
        </FormLabel>
      </div>
      {description ? <FormFieldDescription id={`${id}-hint`}>{description}</FormFieldDescription> : null}
    </FormField>
  );
}

/** Radio buttons in a fieldset; the first button carries the pointer's id, so a summary link lands on the group. */
export function RadioGroup({
  pointer,
  legend,
  description,
  alsoFor,
  value,
  onChange,
  options,
}: { pointer: string; legend: ReactNode; description?: ReactNode; alsoFor?: string[]; value: string; onChange: (v: string) => void; options: { value: string; label: string }[] }) {
  const id = fieldId(pointer);
  const errors = useFieldErrors(pointer, alsoFor);
  return (
    <Fieldset invalid={errors.length > 0} aria-describedby={describedBy(id, description, errors)}>
      <FieldsetLegend>{legend}</FieldsetLegend>
      {description ? <FormFieldDescription id={`${id}-hint`}>{description}</FormFieldDescription> : null}
      <Messages id={id} errors={errors} />
      {options.map((o, i) => {
        const optionId = i === 0 ? id : `${id}-${o.value}`;
        return (
          <div className="radio-row" key={o.value}>
            <RadioButton id={optionId} name={id} value={o.value} checked={value === o.value} onChange={() => onChange(o.value)} invalid={errors.length > 0} />
            <FormLabel htmlFor={optionId} type="radio" checked={value === o.value}>
              {o.label}
            </FormLabel>
          </div>
        );
      })}
    </Fieldset>
  );
}

/** Checkboxes in a fieldset for a list value (circumstances). */
export function CheckboxGroup({
  pointer,
  legend,
  description,
  value,
  onChange,
  options,
}: { pointer: string; legend: ReactNode; description?: ReactNode; value: string[]; onChange: (v: string[]) => void; options: { value: string; label: string }[] }) {
  const id = fieldId(pointer);
  const errors = useFieldErrors(pointer);
  return (
    <Fieldset invalid={errors.length > 0} aria-describedby={describedBy(id, description, errors)}>
      <FieldsetLegend>{legend}</FieldsetLegend>
      {description ? <FormFieldDescription id={`${id}-hint`}>{description}</FormFieldDescription> : null}
      <Messages id={id} errors={errors} />
      {options.map((o, i) => {
        const optionId = i === 0 ? id : `${id}-${o.value}`;
        const checked = value.includes(o.value);
        return (
          <div className="checkbox-row" key={o.value}>
            <Checkbox
              id={optionId}
              checked={checked}
              appearance="custom"
              onChange={(e) => onChange(e.target.checked ? [...value, o.value] : value.filter((v) => v !== o.value))}
            />
            <FormLabel htmlFor={optionId} type="checkbox" checked={checked}>
              {o.label}
            </FormLabel>
          </div>
        );
      })}
    </Fieldset>
  );
}

/**
 * "There is a problem": the title and a link per invalid field, focused when it appears. `labelOf` names the field of a
 * pointer in words; `onFollow` lets a multi-step form show the step that holds the field before it is focused.
 */
export function ErrorSummary({
  problem,
  labelOf,
  onFollow,
}: {
  problem: Problem | null;
  labelOf?: (pointer: string) => string;
  onFollow?: (pointer: string) => void;
}) {
  const { t } = useI18n();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (problem) ref.current?.focus();
  }, [problem]);
  if (!problem) return null;
  const errors = problem.errors ?? [];
  return (
    <div ref={ref} tabIndex={-1} className="error-summary" aria-labelledby="error-summary-title">
      <Alert type="error" role="alert">
        <Heading level={2} id="error-summary-title" appearance="utrecht-heading-3">
          {errors.length ? t('errors.summaryTitle') : problem.title}
        </Heading>
        {errors.length ? (
          <ul className="error-summary__list">
            {errors.map((e) => (
              <li key={e.pointer + e.code}>
                <a
                  className="utrecht-link"
                  href={`#${fieldId(e.pointer)}`}
                  onClick={(event) => {
                    event.preventDefault();
                    if (onFollow) onFollow(e.pointer);
                    else focusField(e.pointer);
                  }}
                >
                  {labelOf ? `${labelOf(e.pointer)}: ` : ''}
                  {e.detail}
                </a>
              </li>
            ))}
          </ul>
        ) : (
          <Paragraph>{problemText(problem, t)}</Paragraph>
        )}
      </Alert>
    </div>
  );
}

/**
 * What a page's actions come to: the problem of the last one (or null), a notice when one is done, busy while one
 * runs. `run` clears the notice, runs the action, says `done` and runs `then` (a reload), or keeps the problem.
 */
export function useAction() {
  const [problem, setProblem] = useState<Problem | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (action: () => Promise<unknown>, done: string, then?: () => Promise<unknown>) => {
    setBusy(true);
    setNotice(null);
    try {
      await action();
      setProblem(null);
      setNotice(done);
      await then?.();
    } catch (error) {
      setProblem(asProblem(error));
    } finally {
      setBusy(false);
    }
  };
  return { problem, setProblem, notice, busy, run };
}

/** The alert for a problem without field errors (those go to the ErrorSummary and their fields); nothing otherwise. */
export function ProblemAlert({ problem }: { problem: Problem | null }) {
  const { t } = useI18n();
  if (!problem || problem.errors?.length) return null;
  return (
    <Alert type="error" role="alert">
      <Paragraph>{problemText(problem, t)}</Paragraph>
    </Alert>
  );
}

/** A short confirmation of what was just done, read out by screen readers; nothing when there is none. */
export function Notice({ children }: { children: ReactNode }) {
  if (!children) return null;
  return (
    <Alert type="ok" role="status">
      <Paragraph>{children}</Paragraph>
    </Alert>
  );
}

/** A plain sentence for a problem without field errors: our own words for known codes, else the title. */
export function problemText(problem: Problem, t: ReturnType<typeof useI18n>['t']): string {
  if (problem.status === 0) return problem.title;
  if (problem.code === 'CLAIMED_BY_OTHER') return t('errors.claimedByOther');
  if (problem.code === 'NOTHING_TO_PAY') return t('errors.nothingToPay');
  if (problem.code === 'IN_PAYMENT_BATCH') return t('errors.inPaymentBatch');
  if (problem.status === 409) return t('errors.conflict');
  if (problem.status === 403) return t('errors.forbidden');
  if (problem.status === 404) return t('errors.notFound');
  if (problem.status >= 500) return t('errors.server');
  return problem.title;
}

/** Focus the input of a pointer, or of the nearest field below it (a pointer to a list or object). */
export function focusField(pointer: string): void {
  const id = fieldId(pointer);
  const el = document.getElementById(id) ?? document.querySelector<HTMLElement>(`[id^="${id}-"]`);
  if (el) {
    el.focus();
    el.scrollIntoView({ block: 'center' });
  }
}

/** The problem of a failed call, for an ErrorSummary; rethrows anything that is not an API error. */
export function asProblem(error: unknown): Problem {
  if (error instanceof ApiError) return error.problem;
  return { status: 0, title: String(error) };
}
