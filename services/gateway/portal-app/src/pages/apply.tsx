// Applying in steps: household, children, needs, contact (and, for an intermediary, the parent's consent), check and
// send. Everything typed is saved as a draft as you go, so an application can be finished later.
import { useEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { Alert, Button, ButtonGroup, Heading, Paragraph } from '@utrecht/component-library-react';
import { api, ApplicationRequest, FieldError, Problem, Session } from '../api';
import { PageTitle } from '../app';
import { indicate } from '../eligibility';
import {
  asProblem,
  CheckboxField,
  CheckboxGroup,
  ErrorsProvider,
  ErrorSummary,
  fieldId,
  focusField,
  RadioGroup,
  SelectField,
  TextAreaField,
  TextField,
} from '../forms';
import { Translate, useI18n } from '../i18n';
import { centsToInput, parseEuros } from '../money';
import { navigate } from '../router';
import { CATEGORIES, CIRCUMSTANCES, CONSENT_METHODS, LANGUAGES } from '@fund-desk/contracts/vocabulary';
import { COMPOSITION_CHOICES, MUNICIPALITIES } from '../vocabulary';

interface ChildForm {
  ref: string;
  firstName: string;
  birthDate: string;
}
interface ItemForm {
  childRef: string;
  category: string;
  amount: string;
  description: string;
  providerName: string;
  iban: string;
}
interface FormState {
  municipalityCode: string;
  postcode: string;
  composition: string;
  income: string;
  circumstances: string[];
  children: ChildForm[];
  items: ItemForm[];
  email: string;
  phone: string;
  language: string;
  consentIncome: boolean;
  consentShare: boolean;
  parentName: string;
  parentMethod: string;
  parentGivenOn: string;
  parentAccount: string;
}

const STEPS = ['household', 'children', 'needs', 'contact', 'check'] as const;
type Step = (typeof STEPS)[number];

const emptyItem = (childRef: string): ItemForm => ({ childRef, category: 'school-trip', amount: '', description: '', providerName: '', iban: '' });

function newRef(children: ChildForm[]): string {
  let n = children.length + 1;
  while (children.some((c) => c.ref === `c${n}`)) n++;
  return `c${n}`;
}

function fromRequest(c: ApplicationRequest, lang: string): FormState {
  return {
    municipalityCode: c.municipalityCode ?? MUNICIPALITIES[0].code,
    postcode: c.postcode ?? '',
    composition: c.household?.composition ?? '',
    income: centsToInput(c.household?.netMonthlyIncomeCents, lang),
    circumstances: c.household?.circumstances ?? [],
    children: (c.children?.length ? c.children : [{ ref: 'c1' }]).map((ch) => ({ ref: ch.ref, firstName: ch.firstName ?? '', birthDate: ch.birthDate ?? '' })),
    items: (c.items ?? []).map((i) => ({
      childRef: i.childRef,
      category: i.category ?? 'school-trip',
      amount: centsToInput(i.amountCents, lang),
      description: i.description ?? '',
      providerName: i.provider?.name ?? '',
      iban: i.provider?.iban ?? '',
    })),
    email: c.contact?.email ?? '',
    phone: c.contact?.phone ?? '',
    language: c.contact?.language ?? lang,
    consentIncome: c.consent?.incomeCheck ?? false,
    consentShare: c.consent?.shareWithFunds ?? false,
    parentName: c.consent?.parent?.name ?? '',
    parentMethod: c.consent?.parent?.method ?? '',
    parentGivenOn: c.consent?.parent?.givenOn ?? '',
    parentAccount: c.consent?.parent?.account ?? '',
  };
}

/** The form as the application request the API checks on submit (the draft holds exactly this). */
function toRequest(f: FormState, intermediary: boolean): ApplicationRequest {
  const income = parseEuros(f.income);
  return {
    municipalityCode: f.municipalityCode,
    ...(f.postcode.trim() ? { postcode: f.postcode.trim().toUpperCase() } : {}),
    household: {
      ...(f.composition ? { composition: f.composition } : {}),
      ...(income !== null ? { netMonthlyIncomeCents: income } : {}),
      circumstances: f.circumstances,
    },
    children: f.children.map((c) => ({ ref: c.ref, ...(c.firstName.trim() ? { firstName: c.firstName.trim() } : {}), ...(c.birthDate ? { birthDate: c.birthDate } : {}) })),
    items: f.items.map((i) => {
      const amount = parseEuros(i.amount);
      const provider = i.category === 'birthday-box' && !i.providerName && !i.iban ? undefined : { name: i.providerName.trim(), iban: i.iban.replace(/\s+/g, '').toUpperCase() };
      return {
        childRef: i.childRef,
        category: i.category,
        ...(amount !== null ? { amountCents: amount } : {}),
        ...(i.description.trim() ? { description: i.description.trim() } : {}),
        ...(provider ? { provider } : {}),
      };
    }),
    contact: { ...(f.email.trim() ? { email: f.email.trim() } : {}), ...(f.phone.trim() ? { phone: f.phone.trim() } : {}), language: f.language },
    consent: {
      incomeCheck: f.consentIncome,
      shareWithFunds: f.consentShare,
      ...(intermediary
        ? {
            parent: {
              name: f.parentName.trim(),
              method: f.parentMethod,
              givenOn: f.parentGivenOn,
              ...(f.parentAccount.trim() ? { account: f.parentAccount.trim() } : {}),
            },
          }
        : {}),
    },
  };
}

/** Which step holds the field of a pointer. */
function stepOf(pointer: string): Step {
  if (pointer.startsWith('/children')) return 'children';
  if (pointer.startsWith('/items')) return 'needs';
  if (pointer.startsWith('/contact') || pointer.startsWith('/consent/parent')) return 'contact';
  if (pointer.startsWith('/consent')) return 'check';
  return 'household';
}

/** A field of a pointer in words, for the error summary: "Child 1 (Sanne): date of birth". */
function labelOf(pointer: string, f: FormState, t: Translate): string {
  const parts = pointer.split('/').filter(Boolean);
  const field = (key: string) => t(`field.${key}` as never) || key;
  if (parts[0] === 'children') {
    const child = f.children[Number(parts[1])];
    const who = t('apply.childN', { n: Number(parts[1]) + 1 }) + (child?.firstName ? ` (${child.firstName})` : '');
    return parts[2] ? `${who}: ${field(parts[2])}` : who;
  }
  if (parts[0] === 'items') {
    const what = t('apply.needN', { n: Number(parts[1]) + 1 });
    return parts[2] ? `${what}: ${field(parts.slice(2).join('.'))}` : what;
  }
  if (parts[0] === 'consent' && parts[1] === 'parent') return field(parts[2] ? `parent.${parts[2]}` : 'parent');
  return field(parts[parts.length - 1] ?? '');
}

/** What must be filled in on a step before going on; the API checks everything again on submit. */
function checkStep(step: Step, f: FormState, intermediary: boolean, t: Translate): FieldError[] {
  const errors: FieldError[] = [];
  const need = (pointer: string, ok: boolean, detail = t('errors.required')) => {
    if (!ok) errors.push({ pointer, code: 'required', detail });
  };
  if (step === 'household') {
    need('/postcode', /^[1-9]\d{3} ?[A-Za-z]{2}$/.test(f.postcode.trim()), f.postcode.trim() ? t('errors.postcode') : t('errors.required'));
    need('/household/composition', !!f.composition, t('errors.choose'));
    need('/household/netMonthlyIncomeCents', parseEuros(f.income) !== null, f.income.trim() ? t('errors.amount') : t('errors.required'));
  }
  if (step === 'children') {
    f.children.forEach((c, i) => {
      need(`/children/${i}/firstName`, !!c.firstName.trim());
      need(`/children/${i}/birthDate`, /^\d{4}-\d{2}-\d{2}$/.test(c.birthDate), c.birthDate ? t('errors.date') : t('errors.required'));
    });
  }
  if (step === 'needs') {
    if (!f.items.length) errors.push({ pointer: '/items', code: 'arrayMinSize', detail: t('errors.addNeed') });
    f.items.forEach((item, i) => {
      const amount = parseEuros(item.amount);
      need(`/items/${i}/amountCents`, amount !== null && amount > 0, item.amount.trim() ? t('errors.amount') : t('errors.required'));
      if (item.category !== 'birthday-box') {
        need(`/items/${i}/provider/name`, !!item.providerName.trim());
        need(`/items/${i}/provider/iban`, /^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(item.iban.replace(/\s+/g, '').toUpperCase()), item.iban.trim() ? t('errors.iban') : t('errors.required'));
      }
    });
  }
  if (step === 'contact') {
    need('/contact/email', /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(f.email.trim()), f.email.trim() ? t('errors.email') : t('errors.required'));
    if (intermediary) {
      need('/consent/parent/name', f.parentName.trim().length >= 2);
      need('/consent/parent/method', !!f.parentMethod, t('errors.choose'));
      need('/consent/parent/givenOn', /^\d{4}-\d{2}-\d{2}$/.test(f.parentGivenOn));
    }
  }
  if (step === 'check') {
    need('/consent/incomeCheck', f.consentIncome, t('errors.consent'));
    need('/consent/shareWithFunds', f.consentShare, t('errors.consent'));
  }
  return errors;
}

export function ApplyPage({ session, draftId }: { session: Session; draftId?: string }) {
  const { t, lang } = useI18n();
  const intermediary = session.role === 'intermediary';
  const [form, setForm] = useState<FormState | null>(null);
  const [step, setStep] = useState<Step>('household');
  const [problem, setProblem] = useState<Problem | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const pendingFocus = useRef<string | null>(null);
  const dirty = useRef(false);

  // Start a draft (a parent's starts from last time's household) or open the one being resumed.
  useEffect(() => {
    let cancelled = false;
    (async () => {
      try {
        if (!draftId) {
          const draft = await api.createDraft();
          if (!cancelled) navigate(`/apply/${draft.id}`, { replace: true });
          return;
        }
        const draft = await api.draft(draftId);
        if (draft.status === 'submitted' && draft.applicationId) {
          navigate(`/applications/${draft.applicationId}`, { replace: true });
          return;
        }
        if (!cancelled) setForm(fromRequest(draft.content, lang));
      } catch (error) {
        if (!cancelled) setProblem(asProblem(error));
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [draftId]);

  // Save as you go: a second after the last change.
  useEffect(() => {
    if (!form || !draftId || !dirty.current) return;
    const timer = setTimeout(() => void save(), 1000);
    return () => clearTimeout(timer);
  }, [form]);

  useEffect(() => {
    if (pendingFocus.current) {
      const pointer = pendingFocus.current;
      pendingFocus.current = null;
      requestAnimationFrame(() => focusField(pointer));
    }
  });

  const save = async (): Promise<boolean> => {
    if (!form || !draftId) return false;
    try {
      await api.saveDraft(draftId, toRequest(form, intermediary));
      dirty.current = false;
      setSaved(new Date().toLocaleTimeString(lang === 'en' ? 'en-GB' : 'nl-NL', { hour: '2-digit', minute: '2-digit' }));
      return true;
    } catch (error) {
      setProblem(asProblem(error));
      return false;
    }
  };

  const update = (change: Partial<FormState>) => {
    dirty.current = true;
    setForm((f) => (f ? { ...f, ...change } : f));
  };

  const goTo = (next: Step) => {
    setStep(next);
    requestAnimationFrame(() => document.getElementById('step-title')?.focus());
  };

  const next = async (event: FormEvent) => {
    event.preventDefault();
    if (!form) return;
    const errors = checkStep(step, form, intermediary, t);
    if (errors.length) {
      setProblem({ status: 400, title: t('errors.summaryTitle'), errors });
      return;
    }
    setProblem(null);
    if (step !== 'check') {
      void save();
      goTo(STEPS[STEPS.indexOf(step) + 1]);
      return;
    }
    setSending(true);
    try {
      if (!(await save())) return;
      const submitted = await api.submitDraft(draftId!);
      navigate(`/applications/${submitted.id}?sent=1`);
    } catch (error) {
      setProblem(asProblem(error));
    } finally {
      setSending(false);
    }
  };

  const follow = (pointer: string) => {
    const target = stepOf(pointer);
    if (target !== step) {
      pendingFocus.current = pointer;
      setStep(target);
    } else focusField(pointer);
  };

  const title = intermediary ? t('apply.titleIntermediary') : t('apply.title');
  if (!form) {
    return (
      <>
        <PageTitle>{title}</PageTitle>
        {problem ? <ErrorSummary problem={problem} /> : <Paragraph role="status">{t('common.loading')}</Paragraph>}
      </>
    );
  }

  const index = STEPS.indexOf(step);
  const stepTitle = t(`apply.step.${step}` as never);
  return (
    <>
      <PageTitle>{title}</PageTitle>
      <nav aria-label={t('apply.stepsLabel')}>
        <ol className="steps">
          {STEPS.map((s, i) => (
            <li key={s} aria-current={s === step ? 'step' : undefined} className={s === step ? 'current' : i < index ? 'done' : ''}>
              {i < index ? (
                <button type="button" className="link-button" onClick={() => goTo(s)}>
                  {t(`apply.step.${s}` as never)}
                </button>
              ) : (
                t(`apply.step.${s}` as never)
              )}
            </li>
          ))}
        </ol>
      </nav>
      <ErrorSummary problem={problem} labelOf={(p) => labelOf(p, form, t)} onFollow={follow} />
      <ErrorsProvider value={problem?.errors ?? []}>
        <form onSubmit={next} noValidate className="form">
          <Heading level={2} id="step-title" tabIndex={-1}>
            {t('apply.stepOf', { n: index + 1, total: STEPS.length })}: {stepTitle}
          </Heading>
          {step === 'household' ? <HouseholdStep form={form} update={update} intermediary={intermediary} /> : null}
          {step === 'children' ? <ChildrenStep form={form} update={update} /> : null}
          {step === 'needs' ? <NeedsStep form={form} update={update} /> : null}
          {step === 'contact' ? <ContactStep form={form} update={update} intermediary={intermediary} /> : null}
          {step === 'check' ? <CheckStep form={form} update={update} /> : null}
          <ButtonGroup>
            {index > 0 ? (
              <Button type="button" appearance="secondary-action-button" onClick={() => (setProblem(null), goTo(STEPS[index - 1]))}>
                {t('apply.back')}
              </Button>
            ) : null}
            <Button type="submit" appearance="primary-action-button" busy={sending} disabled={sending}>
              {step === 'check' ? t('apply.submit') : t('apply.next')}
            </Button>
          </ButtonGroup>
          <Paragraph className="save-state">{saved ? t('apply.savedAt', { time: saved }) : t('apply.autosave')}</Paragraph>
        </form>
      </ErrorsProvider>
    </>
  );
}

interface StepProps {
  form: FormState;
  update: (change: Partial<FormState>) => void;
}

function HouseholdStep({ form, update, intermediary }: StepProps & { intermediary: boolean }) {
  const { t, word } = useI18n();
  return (
    <>
      <Paragraph>{intermediary ? t('apply.household.introIntermediary') : t('apply.household.intro')}</Paragraph>
      <SelectField
        pointer="/municipalityCode"
        label={t('field.municipalityCode')}
        value={form.municipalityCode}
        onChange={(v) => update({ municipalityCode: v })}
        options={MUNICIPALITIES.map((m) => ({ value: m.code, label: m.name }))}
      />
      <TextField pointer="/postcode" label={t('field.postcode')} description={t('apply.postcodeHint')} value={form.postcode} onChange={(v) => update({ postcode: v })} autoComplete="postal-code" width="s" />
      <RadioGroup
        pointer="/household/composition"
        alsoFor={['/household']}
        legend={t('field.composition')}
        value={form.composition}
        onChange={(v) => update({ composition: v })}
        options={COMPOSITION_CHOICES.map((c) => ({ value: c, label: word('composition', c) }))}
      />
      <TextField
        pointer="/household/netMonthlyIncomeCents"
        label={t('field.netMonthlyIncomeCents')}
        description={t('apply.incomeHint')}
        value={form.income}
        onChange={(v) => update({ income: v })}
        inputMode="decimal"
        width="s"
      />
      <CheckboxGroup
        pointer="/household/circumstances"
        legend={t('field.circumstances')}
        description={t('apply.circumstancesHint')}
        value={form.circumstances}
        onChange={(v) => update({ circumstances: v })}
        options={CIRCUMSTANCES.map((c) => ({ value: c, label: word('circumstance', c) }))}
      />
    </>
  );
}

function ChildrenStep({ form, update }: StepProps) {
  const { t } = useI18n();
  const setChild = (i: number, change: Partial<ChildForm>) => update({ children: form.children.map((c, j) => (j === i ? { ...c, ...change } : c)) });
  const remove = (i: number) => {
    const ref = form.children[i].ref;
    update({ children: form.children.filter((_, j) => j !== i), items: form.items.filter((item) => item.childRef !== ref) });
    requestAnimationFrame(() => document.getElementById('add-child')?.focus());
  };
  const add = () => {
    const ref = newRef(form.children);
    update({ children: [...form.children, { ref, firstName: '', birthDate: '' }] });
    requestAnimationFrame(() => document.getElementById(fieldId(`/children/${form.children.length}/firstName`))?.focus());
  };
  return (
    <>
      <Paragraph>{t('apply.children.intro')}</Paragraph>
      {form.children.map((child, i) => (
        <section key={child.ref} className="card" aria-labelledby={`child-${child.ref}`}>
          <Heading level={3} id={`child-${child.ref}`}>
            {t('apply.childN', { n: i + 1 })}
            {child.firstName ? `: ${child.firstName}` : ''}
          </Heading>
          <TextField pointer={`/children/${i}/firstName`} alsoFor={[`/children/${i}`, `/children/${i}/ref`]} label={t('field.firstName')} value={child.firstName} onChange={(v) => setChild(i, { firstName: v })} autoComplete="off" />
          <TextField pointer={`/children/${i}/birthDate`} label={t('field.birthDate')} type="date" value={child.birthDate} onChange={(v) => setChild(i, { birthDate: v })} width="m" />
          {form.children.length > 1 ? (
            <Button type="button" appearance="subtle-button" onClick={() => remove(i)}>
              {t('apply.removeChild', { name: child.firstName || t('apply.childN', { n: i + 1 }) })}
            </Button>
          ) : null}
        </section>
      ))}
      <Button type="button" id="add-child" appearance="secondary-action-button" onClick={add}>
        {t('apply.addChild')}
      </Button>
    </>
  );
}

function NeedsStep({ form, update }: StepProps) {
  const { t, word } = useI18n();
  const setItem = (i: number, change: Partial<ItemForm>) => update({ items: form.items.map((item, j) => (j === i ? { ...item, ...change } : item)) });
  const add = (childRef: string) => {
    update({ items: [...form.items, emptyItem(childRef)] });
    requestAnimationFrame(() => document.getElementById(fieldId(`/items/${form.items.length}/category`))?.focus());
  };
  const remove = (i: number, childRef: string) => {
    update({ items: form.items.filter((_, j) => j !== i) });
    requestAnimationFrame(() => document.getElementById(`add-need-${childRef}`)?.focus());
  };
  return (
    <>
      <Paragraph>{t('apply.needs.intro')}</Paragraph>
      <div id={fieldId('/items')} tabIndex={-1} />
      {form.children.map((child, ci) => {
        const name = child.firstName || t('apply.childN', { n: ci + 1 });
        return (
          <section key={child.ref} className="card" aria-labelledby={`needs-${child.ref}`}>
            <Heading level={3} id={`needs-${child.ref}`}>
              {t('apply.needsFor', { name })}
            </Heading>
            {form.items.map((item, i) =>
              item.childRef !== child.ref ? null : (
                <div key={i} className="need" role="group" aria-label={t('apply.needN', { n: i + 1 })}>
                  <Heading level={4}>{t('apply.needN', { n: i + 1 })}</Heading>
                  <SelectField
                    pointer={`/items/${i}/category`}
                    alsoFor={[`/items/${i}`, `/items/${i}/childRef`]}
                    label={t('field.category')}
                    value={item.category}
                    onChange={(v) => setItem(i, { category: v })}
                    options={CATEGORIES.map((c) => ({ value: c, label: word('category', c) }))}
                  />
                  <TextField
                    pointer={`/items/${i}/amountCents`}
                    label={t('field.amountCents')}
                    description={t('apply.amountHint')}
                    value={item.amount}
                    onChange={(v) => setItem(i, { amount: v })}
                    inputMode="decimal"
                    width="s"
                  />
                  <TextAreaField pointer={`/items/${i}/description`} label={`${t('field.description')} ${t('form.optional')}`} value={item.description} onChange={(v) => setItem(i, { description: v })} />
                  {item.category === 'birthday-box' ? (
                    <Paragraph className="hint">{t('apply.birthdayBoxNoProvider')}</Paragraph>
                  ) : (
                    <>
                      <TextField
                        pointer={`/items/${i}/provider/name`}
                        alsoFor={[`/items/${i}/provider`]}
                        label={t('field.provider.name')}
                        description={t('apply.providerHint')}
                        value={item.providerName}
                        onChange={(v) => setItem(i, { providerName: v })}
                      />
                      <TextField
                        pointer={`/items/${i}/provider/iban`}
                        label={t('field.provider.iban')}
                        description={t('apply.ibanHint')}
                        value={item.iban}
                        onChange={(v) => setItem(i, { iban: v })}
                        autoComplete="off"
                        spellCheck={false}
                      />
                    </>
                  )}
                  <Button type="button" appearance="subtle-button" onClick={() => remove(i, child.ref)}>
                    {t('apply.removeNeed', { n: i + 1 })}
                  </Button>
                </div>
              ),
            )}
            <Button type="button" id={`add-need-${child.ref}`} appearance="secondary-action-button" onClick={() => add(child.ref)}>
              {t('apply.addNeed', { name })}
            </Button>
          </section>
        );
      })}
    </>
  );
}

function ContactStep({ form, update, intermediary }: StepProps & { intermediary: boolean }) {
  const { t, word } = useI18n();
  return (
    <>
      <Paragraph>{intermediary ? t('apply.contact.introIntermediary') : t('apply.contact.intro')}</Paragraph>
      <TextField pointer="/contact/email" alsoFor={['/contact']} label={t('field.email')} type="email" value={form.email} onChange={(v) => update({ email: v })} autoComplete={intermediary ? 'off' : 'email'} inputMode="email" />
      <TextField pointer="/contact/phone" label={t('field.phone')} required={false} description={t('apply.phoneHint')} type="tel" value={form.phone} onChange={(v) => update({ phone: v })} autoComplete={intermediary ? 'off' : 'tel'} width="m" />
      <SelectField
        pointer="/contact/language"
        label={t('field.language')}
        value={form.language}
        onChange={(v) => update({ language: v })}
        options={LANGUAGES.map((l) => ({ value: l, label: word('language', l) }))}
      />
      {intermediary ? (
        <section className="card" aria-labelledby="parent-consent">
          <Heading level={3} id="parent-consent">
            {t('apply.parentConsent')}
          </Heading>
          <Paragraph>{t('apply.parentConsentIntro')}</Paragraph>
          <TextField pointer="/consent/parent/name" alsoFor={['/consent/parent']} label={t('field.parent.name')} value={form.parentName} onChange={(v) => update({ parentName: v })} autoComplete="off" />
          <RadioGroup
            pointer="/consent/parent/method"
            legend={t('field.parent.method')}
            value={form.parentMethod}
            onChange={(v) => update({ parentMethod: v })}
            options={CONSENT_METHODS.map((m) => ({ value: m, label: word('consentMethod', m) }))}
          />
          <TextField pointer="/consent/parent/givenOn" label={t('field.parent.givenOn')} type="date" value={form.parentGivenOn} onChange={(v) => update({ parentGivenOn: v })} width="m" />
          <TextField
            pointer="/consent/parent/account"
            label={t('field.parent.account')}
            required={false}
            description={t('apply.parentAccountHint')}
            value={form.parentAccount}
            onChange={(v) => update({ parentAccount: v })}
            autoComplete="off"
          />
        </section>
      ) : null}
    </>
  );
}

function CheckStep({ form, update }: StepProps) {
  const { t, word, euro, date, lang } = useI18n();
  const income = parseEuros(form.income);
  const indication = indicate({ composition: form.composition, incomeCents: income, circumstances: form.circumstances });
  const total = form.items.reduce((sum, i) => sum + (parseEuros(i.amount) ?? 0), 0);
  return (
    <>
      <section aria-labelledby="indication-title" className="card indication">
        <Heading level={3} id="indication-title">
          {t('check.title')}
        </Heading>
        <Alert type={indication.outcome === 'likely' || indication.outcome === 'circumstance' ? 'ok' : indication.outcome === 'unlikely' ? 'warning' : 'info'}>
          <Paragraph>
            <strong>{t(`check.${indication.outcome}` as never)}</strong>
          </Paragraph>
          <Paragraph>
            {indication.percentage !== null
              ? t('check.why', { income: euro(income ?? 0), norm: euro(indication.normCents), percentage: indication.percentage.toLocaleString(lang === 'en' ? 'en-GB' : 'nl-NL'), composition: word('composition', form.composition || 'single') })
              : t('check.noIncome')}
          </Paragraph>
          {form.circumstances.length ? <Paragraph>{t('check.circumstances')}</Paragraph> : null}
        </Alert>
        <Paragraph className="hint">{t('check.indicative', { from: date(indication.normFrom) })}</Paragraph>
      </section>

      <section aria-labelledby="summary-title">
        <Heading level={3} id="summary-title">
          {t('check.summary')}
        </Heading>
        <dl className="summary">
          <dt>{t('field.postcode')}</dt>
          <dd>
            {form.postcode} ({MUNICIPALITIES.find((m) => m.code === form.municipalityCode)?.name})
          </dd>
          <dt>{t('field.netMonthlyIncomeCents')}</dt>
          <dd>{income !== null ? euro(income) : '—'}</dd>
          {form.children.map((c, ci) => (
            <div key={c.ref}>
              <dt>
                {c.firstName || t('apply.childN', { n: ci + 1 })} {c.birthDate ? `(${c.birthDate})` : ''}
              </dt>
              <dd>
                <ul>
                  {form.items
                    .filter((i) => i.childRef === c.ref)
                    .map((i, k) => (
                      <li key={k}>
                        {word('category', i.category)}: {euro(parseEuros(i.amount) ?? 0)}
                        {i.providerName ? ` — ${i.providerName}` : ''}
                      </li>
                    ))}
                </ul>
              </dd>
            </div>
          ))}
          <dt>{t('check.total')}</dt>
          <dd>{euro(total)}</dd>
          <dt>{t('field.email')}</dt>
          <dd>{form.email}</dd>
        </dl>
      </section>

      <CheckboxField pointer="/consent/incomeCheck" alsoFor={['/consent']} label={t('field.incomeCheck')} checked={form.consentIncome} onChange={(v) => update({ consentIncome: v })} />
      <CheckboxField pointer="/consent/shareWithFunds" label={t('field.shareWithFunds')} checked={form.consentShare} onChange={(v) => update({ consentShare: v })} />
      <Paragraph className="hint">{t('check.inKind')}</Paragraph>
    </>
  );
}
