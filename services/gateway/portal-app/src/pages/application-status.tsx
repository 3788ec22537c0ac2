// One application: where each need stands, what happens next and how long it usually takes, the timeline, and what
// the applicant can do: answer a fund's question, object to a decline, withdraw.
import { useCallback, useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { Alert, Button, ButtonGroup, Heading, Paragraph } from '@utrecht/component-library-react';
import { api, Application, ApplicationItem, Problem, Session } from '../api';
import { PageTitle } from '../app';
import { asProblem, ErrorsProvider, ErrorSummary, Notice, ProblemAlert, TextAreaField } from '../forms';
import { useI18n } from '../i18n';
import { Link, useQuery } from '../router';
import { OPEN_ITEM_STATUSES } from '../vocabulary';

export function StatusBadge({ status }: { status: string }) {
  const { word } = useI18n();
  return <span className={`status status--${status}`}>{word('state', status)}</span>;
}

/** A button that asks once more before it acts. */
export function ConfirmButton({ label, question, confirm, onConfirm }: { label: string; question: string; confirm: string; onConfirm: () => Promise<void> }) {
  const { t } = useI18n();
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  if (!asking) {
    return (
      <Button type="button" appearance="secondary-action-button" onClick={() => setAsking(true)}>
        {label}
      </Button>
    );
  }
  return (
    <div className="confirm" role="group" aria-label={question}>
      <Paragraph>
        <strong>{question}</strong>
      </Paragraph>
      <ButtonGroup>
        <Button
          type="button"
          appearance="primary-action-button"
          hint="danger"
          busy={busy}
          disabled={busy}
          autoFocus
          onClick={async () => {
            setBusy(true);
            try {
              await onConfirm();
            } finally {
              setBusy(false);
              setAsking(false);
            }
          }}
        >
          {confirm}
        </Button>
        <Button type="button" appearance="secondary-action-button" onClick={() => setAsking(false)}>
          {t('common.cancel')}
        </Button>
      </ButtonGroup>
    </div>
  );
}

function TextForm({ pointer, label, description, submitLabel, minLength, onSubmit }: { pointer: string; label: string; description?: string; submitLabel: string; minLength: number; onSubmit: (text: string) => Promise<void> }) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (text.trim().length < minLength) {
      setProblem({ status: 400, title: t('errors.summaryTitle'), errors: [{ pointer, code: 'minLength', detail: minLength > 1 ? t('errors.minLength', { n: minLength }) : t('errors.required') }] });
      return;
    }
    setBusy(true);
    try {
      await onSubmit(text.trim());
      setText('');
      setProblem(null);
    } catch (error) {
      const p = asProblem(error);
      // A field error of the API concerns this one text field.
      setProblem(p.errors?.length ? { ...p, errors: p.errors.map((e) => ({ ...e, pointer })) } : p);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit} noValidate className="form inline-form">
      <ErrorSummary problem={problem} labelOf={() => label} />
      <ErrorsProvider value={problem?.errors ?? []}>
        <TextAreaField pointer={pointer} label={label} description={description} value={text} onChange={setText} />
      </ErrorsProvider>
      <Button type="submit" appearance="primary-action-button" busy={busy} disabled={busy}>
        {submitLabel}
      </Button>
    </form>
  );
}

function ItemCard({ application, item, index, onChange }: { application: Application; item: ApplicationItem; index: number; onChange: (a?: Application) => void }) {
  const { t, word, euro, date } = useI18n();
  const [problem, setProblem] = useState<Problem | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const canObject = item.status === 'declined' && item.objectionUntil && Date.parse(item.objectionUntil) > Date.now();
  /** Errors of a form's text go back to the form (next to its field); others are shown on the card. */
  const act = async (action: () => Promise<Application | unknown>, done: string, fromForm = false) => {
    setProblem(null);
    try {
      const result = await action();
      setNotice(done);
      onChange(result && typeof result === 'object' && 'items' in result ? (result as Application) : undefined);
    } catch (error) {
      if (fromForm) throw error;
      setProblem(asProblem(error));
    }
  };
  const headingId = `item-${item.id}`;
  return (
    <section className="card" aria-labelledby={headingId}>
      <Heading level={3} id={headingId}>
        {t('status.needN', { n: index + 1 })}: {word('category', item.category)}
      </Heading>
      <dl className="summary">
        <dt>{t('status.state')}</dt>
        <dd>
          <StatusBadge status={item.status} />
        </dd>
        <dt>{t('field.amountCents')}</dt>
        <dd>
          {euro(item.amountCents)}
          {item.approvedAmountCents !== undefined && item.approvedAmountCents !== item.amountCents ? ` (${t('status.approvedAmount', { amount: euro(item.approvedAmountCents) })})` : ''}
        </dd>
        {item.fundName ? (
          <>
            <dt>{t('status.fund')}</dt>
            <dd>{item.fundName}</dd>
          </>
        ) : null}
        {item.nextStep ? (
          <>
            <dt>{t('status.nextStep')}</dt>
            <dd>{item.nextStep}</dd>
          </>
        ) : null}
        {item.expectedDecisionDays !== undefined ? (
          <>
            <dt>{t('status.waiting')}</dt>
            <dd>{t('status.waitingDays', { n: item.expectedDecisionDays })}</dd>
          </>
        ) : null}
        {item.reason ? (
          <>
            <dt>{item.status === 'information-requested' ? t('status.question') : t('status.reason')}</dt>
            <dd>{item.reason}</dd>
          </>
        ) : null}
      </dl>
      <Notice>{notice}</Notice>
      <ProblemAlert problem={problem} />
      {item.status === 'information-requested' && item.fundId ? (
        <TextForm
          pointer={`/answer-${item.id}`}
          label={t('status.answerLabel')}
          description={t('status.answerHint')}
          submitLabel={t('status.answerSubmit')}
          minLength={1}
          onSubmit={(text) => act(() => api.answer(item.fundId!, item.id, text), t('status.answered'), true)}
        />
      ) : null}
      {canObject ? (
        <details className="objection">
          <summary>{t('status.objectTitle', { date: date(item.objectionUntil!) })}</summary>
          <TextForm
            pointer={`/objection-${item.id}`}
            label={t('status.objectLabel')}
            description={t('status.objectHint')}
            submitLabel={t('status.objectSubmit')}
            minLength={5}
            onSubmit={(reason) => act(() => api.object(application.id, item.id, reason), t('status.objected'), true)}
          />
        </details>
      ) : null}
      {OPEN_ITEM_STATUSES.includes(item.status) ? (
        <ConfirmButton
          label={t('status.withdrawItem', { what: word('category', item.category) })}
          question={t('status.withdrawItemQuestion')}
          confirm={t('status.withdrawItemConfirm')}
          onConfirm={() => act(() => api.withdrawItem(application.id, item.id), t('status.withdrawn'))}
        />
      ) : null}
    </section>
  );
}

export function ApplicationStatusPage({ id, session }: { id: string; session: Session }) {
  const { t, word, dateTime, date } = useI18n();
  const query = useQuery();
  const [application, setApplication] = useState<Application | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);

  const load = useCallback(async () => {
    try {
      setApplication(await api.application(id));
      setProblem(null);
    } catch (error) {
      setProblem(asProblem(error));
    }
  }, [id]);

  useEffect(() => {
    void load();
  }, [load]);

  // While the income check and routing run (seconds), look again now and then.
  const waiting = application?.items.some((i) => i.status === 'pending');
  useEffect(() => {
    if (!waiting) return;
    let rounds = 0;
    const timer = setInterval(() => {
      if (++rounds > 24) clearInterval(timer);
      void load();
    }, 5000);
    return () => clearInterval(timer);
  }, [waiting, load]);

  const title = t('status.title');
  if (!application) {
    return (
      <>
        <PageTitle>{title}</PageTitle>
        {problem ? <ErrorSummary problem={problem} /> : <Paragraph role="status">{t('common.loading')}</Paragraph>}
      </>
    );
  }
  const open = application.items.some((i) => OPEN_ITEM_STATUSES.includes(i.status));
  const parentOfIntermediaryApplication = session.role === 'parent' && application.appliedBy === 'intermediary';
  return (
    <>
      <PageTitle>{title}</PageTitle>
      <Paragraph>
        <Link to="/applications">{session.role === 'intermediary' ? t('status.backCaseload') : t('status.backList')}</Link>
      </Paragraph>
      {query.get('sent') ? (
        <Alert type="ok" role="status">
          <Heading level={2}>{t('status.sentTitle')}</Heading>
          <Paragraph>{t('status.sentText')}</Paragraph>
        </Alert>
      ) : null}
      <dl className="summary">
        <dt>{t('status.submittedAt')}</dt>
        <dd>{dateTime(application.submittedAt)}</dd>
        <dt>{t('status.state')}</dt>
        <dd>
          <StatusBadge status={application.status} />
        </dd>
        {application.consent.parent ? (
          <>
            <dt>{t('status.consentBy')}</dt>
            <dd>
              {application.consent.parent.name} — {word('consentMethod', application.consent.parent.method)}, {date(application.consent.parent.givenOn)}
            </dd>
          </>
        ) : null}
      </dl>

      <section aria-labelledby="income-title">
        <Heading level={2} id="income-title">
          {t('status.incomeTitle')}
        </Heading>
        <Paragraph>
          <StatusBadge status={`income-${application.incomeCheck.outcome ?? application.incomeCheck.status}`} />
        </Paragraph>
        {application.incomeCheck.explanation ? <Paragraph>{application.incomeCheck.explanation}</Paragraph> : null}
        {application.incomeCheck.status === 'needs-evidence' ? <Paragraph>{t('status.needsEvidence')}</Paragraph> : null}
      </section>

      <section aria-labelledby="needs-title">
        <Heading level={2} id="needs-title">
          {t('status.needsTitle')}
        </Heading>
        <Button type="button" appearance="subtle-button" onClick={() => void load()}>
          {t('common.refresh')}
        </Button>
        {application.items.map((item, i) => (
          <ItemCard key={item.id} application={application} item={item} index={i} onChange={(a) => (a ? setApplication(a) : void load())} />
        ))}
      </section>

      <section aria-labelledby="timeline-title">
        <Heading level={2} id="timeline-title">
          {t('status.timelineTitle')}
        </Heading>
        <ol className="timeline">
          {application.timeline.map((entry, i) => (
            <li key={i}>
              <time dateTime={entry.at}>{dateTime(entry.at)}</time>
              <span>{entry.text}</span>
            </li>
          ))}
        </ol>
      </section>

      {open ? (
        <section aria-labelledby="stop-title">
          <Heading level={2} id="stop-title">
            {t('status.stopTitle')}
          </Heading>
          <Paragraph>{t('status.stopText')}</Paragraph>
          <ConfirmButton
            label={parentOfIntermediaryApplication ? t('status.withdrawConsent') : t('status.withdrawAll')}
            question={t('status.withdrawAllQuestion')}
            confirm={t('status.withdrawAllConfirm')}
            onConfirm={async () => {
              try {
                setApplication(parentOfIntermediaryApplication ? await api.withdrawConsent(application.id) : await api.withdrawApplication(application.id));
              } catch (error) {
                setProblem(asProblem(error));
              }
            }}
          />
          {problem ? <ErrorSummary problem={problem} /> : null}
        </section>
      ) : null}
    </>
  );
}
