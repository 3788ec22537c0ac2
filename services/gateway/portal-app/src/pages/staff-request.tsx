// One request as the fund may see it (the need, the child's first name and age, the provider; never income), and
// what staff do with it: claim, decide (approve, possibly less; decline with a reason; ask a question), fulfil.
import { useCallback, useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { Button, ButtonGroup, Heading, Paragraph } from '@utrecht/component-library-react';
import { api, FundRequestDetail, Session } from '../api';
import { PageTitle } from '../app';
import { asProblem, ErrorsProvider, ErrorSummary, Notice, ProblemAlert, RadioGroup, SelectField, TextAreaField, TextField, useAction } from '../forms';
import { useI18n } from '../i18n';
import { parseEuros } from '../money';
import { Link } from '../router';
import { DECLINE_REASONS, FULFILMENT_METHODS } from '@fund-desk/contracts/vocabulary';
import { StatusBadge } from './application-status';

const OPEN = ['routed', 'information-requested'];

export function FundRequestPage({ fundId, id, session }: { fundId: string; id: string; session: Session }) {
  const { t, word, euro, dateTime } = useI18n();
  const [request, setRequest] = useState<FundRequestDetail | null>(null);
  const { problem, setProblem, notice, busy, run: runAction } = useAction();
  const [decision, setDecision] = useState('approve');
  const [amount, setAmount] = useState('');
  const [reasonCode, setReasonCode] = useState('');
  const [message, setMessage] = useState('');
  const [method, setMethod] = useState('provider-paid');
  const [reference, setReference] = useState('');

  const load = useCallback(async () => {
    try {
      setRequest(await api.fundRequest(fundId, id));
    } catch (error) {
      setProblem(asProblem(error));
    }
  }, [fundId, id]);
  useEffect(() => {
    void load();
  }, [load]);

  const run = (action: () => Promise<unknown>, done: string) => runAction(action, done, load);

  const decide = (event: FormEvent) => {
    event.preventDefault();
    const errors = [];
    const cents = amount.trim() ? parseEuros(amount) : undefined;
    if (decision === 'approve' && cents === null) errors.push({ pointer: '/amountCents', code: 'invalid', detail: t('errors.amount') });
    if (decision === 'decline' && !reasonCode) errors.push({ pointer: '/reasonCode', code: 'required', detail: t('errors.choose') });
    if (decision === 'request-information' && !message.trim()) errors.push({ pointer: '/message', code: 'required', detail: t('errors.required') });
    if (errors.length) return setProblem({ status: 400, title: t('errors.summaryTitle'), errors });
    void run(
      () =>
        api.decide(fundId, id, {
          decision,
          ...(decision === 'approve' && cents ? { amountCents: cents } : {}),
          ...(decision === 'decline' ? { reasonCode } : {}),
          ...(message.trim() ? { message: message.trim() } : {}),
        }),
      t(`request.decided.${decision}` as never),
    );
  };

  const fulfil = (event: FormEvent) => {
    event.preventDefault();
    void run(() => api.fulfil(fundId, id, { method, ...(reference.trim() ? { reference: reference.trim() } : {}) }), t('request.fulfilled'));
  };

  const labelOf = (pointer: string) => t(`request.field${pointer.replace('/', '.')}` as never);
  const title = request ? t('request.title', { what: word('category', request.category), name: request.childFirstName }) : t('request.titleLoading');
  if (!request) {
    return (
      <>
        <PageTitle>{title}</PageTitle>
        {problem ? <ErrorSummary problem={problem} /> : <Paragraph role="status">{t('common.loading')}</Paragraph>}
      </>
    );
  }
  const mine = request.claimedBy === session.subject;
  const open = OPEN.includes(request.status);
  return (
    <>
      <PageTitle>{title}</PageTitle>
      <Paragraph>
        <Link to="/fund/queue">{t('request.back')}</Link>
      </Paragraph>
      <ErrorSummary problem={problem?.errors?.length ? problem : null} labelOf={labelOf} />
      <ProblemAlert problem={problem} />
      <Notice>{notice}</Notice>

      <dl className="summary">
        <dt>{t('queue.status')}</dt>
        <dd>
          <StatusBadge status={request.status} />
        </dd>
        <dt>{t('queue.child')}</dt>
        <dd>{t('queue.childAge', { name: request.childFirstName, age: request.childAge })}</dd>
        <dt>{t('field.category')}</dt>
        <dd>{word('category', request.category)}</dd>
        <dt>{t('field.amountCents')}</dt>
        <dd>
          {euro(request.amountCents)}
          {request.approvedAmountCents !== undefined ? ` (${t('status.approvedAmount', { amount: euro(request.approvedAmountCents) })})` : ''}
        </dd>
        {request.description ? (
          <>
            <dt>{t('field.description')}</dt>
            <dd>{request.description}</dd>
          </>
        ) : null}
        {request.provider ? (
          <>
            <dt>{t('field.provider.name')}</dt>
            <dd>
              {request.provider.name} — <span className="iban">{request.provider.iban}</span>
            </dd>
          </>
        ) : null}
        <dt>{t('queue.routedAt')}</dt>
        <dd>{dateTime(request.routedAt)}</dd>
        <dt>{t('queue.claimedBy')}</dt>
        <dd>{request.claimedBy ?? t('request.nobody')}</dd>
        {request.endorsementRequired ? (
          <>
            <dt>{t('request.endorsement')}</dt>
            <dd>{t('request.needsEndorsement')}</dd>
          </>
        ) : null}
        {request.paymentBatchId ? (
          <>
            <dt>{t('nav.payments')}</dt>
            <dd>{t('request.inBatch')}</dd>
          </>
        ) : null}
        {request.question ? (
          <>
            <dt>{t('status.question')}</dt>
            <dd>{request.question}</dd>
          </>
        ) : null}
        {request.objection ? (
          <>
            <dt>{t('request.objection')}</dt>
            <dd>
              {request.objection.reason} ({dateTime(request.objection.filedAt)})
            </dd>
          </>
        ) : null}
      </dl>
      <Paragraph className="hint">{t('request.privacy')}</Paragraph>

      {request.answers.length ? (
        <section aria-labelledby="answers-title">
          <Heading level={2} id="answers-title">
            {t('request.answers')}
          </Heading>
          <ul className="plain-list">
            {request.answers.map((a, i) => (
              <li key={i} className="card">
                <Paragraph className="hint">{dateTime(a.at)}</Paragraph>
                <Paragraph>{a.text}</Paragraph>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {open ? (
        <section aria-labelledby="claim-title">
          <Heading level={2} id="claim-title">
            {t('request.claimTitle')}
          </Heading>
          {mine ? (
            <Button type="button" appearance="secondary-action-button" disabled={busy} onClick={() => void run(() => api.unclaim(fundId, id), t('request.unclaimed'))}>
              {t('request.unclaim')}
            </Button>
          ) : request.claimedBy ? (
            <>
              <Paragraph>{t('request.claimedByOther', { name: request.claimedBy })}</Paragraph>
              <Button type="button" appearance="secondary-action-button" disabled={busy} onClick={() => void run(() => api.unclaim(fundId, id), t('request.unclaimed'))}>
                {t('request.takeOver')}
              </Button>
            </>
          ) : (
            <Button type="button" appearance="primary-action-button" disabled={busy} onClick={() => void run(() => api.claim(fundId, id), t('request.claimed'))}>
              {t('request.claim')}
            </Button>
          )}
        </section>
      ) : null}

      {open && request.status === 'routed' ? (
        <section aria-labelledby="decide-title">
          <Heading level={2} id="decide-title">
            {t('request.decideTitle')}
          </Heading>
          <ErrorsProvider value={problem?.errors ?? []}>
            <form onSubmit={decide} noValidate className="form">
              <RadioGroup
                pointer="/decision"
                legend={t('request.field.decision')}
                value={decision}
                onChange={setDecision}
                options={['approve', 'decline', 'request-information'].map((d) => ({ value: d, label: t(`request.decision.${d}` as never) }))}
              />
              {decision === 'approve' ? (
                <TextField pointer="/amountCents" label={t('request.field.amountCents')} description={t('request.amountHint', { amount: euro(request.amountCents) })} value={amount} onChange={setAmount} inputMode="decimal" width="s" required={false} />
              ) : null}
              {decision === 'decline' ? (
                <SelectField
                  pointer="/reasonCode"
                  label={t('request.field.reasonCode')}
                  value={reasonCode}
                  onChange={setReasonCode}
                  options={[{ value: '', label: t('request.chooseReason') }, ...DECLINE_REASONS.map((r) => ({ value: r, label: word('reason', r) }))]}
                />
              ) : null}
              <TextAreaField
                pointer="/message"
                label={decision === 'request-information' ? t('request.field.question') : t('request.field.message')}
                description={t('request.messageHint')}
                value={message}
                onChange={setMessage}
              />
              <Button type="submit" appearance="primary-action-button" busy={busy} disabled={busy}>
                {t('request.decideSubmit')}
              </Button>
            </form>
          </ErrorsProvider>
        </section>
      ) : null}

      {request.status === 'approved' && !request.paymentBatchId ? (
        <section aria-labelledby="fulfil-title">
          <Heading level={2} id="fulfil-title">
            {t('request.fulfilTitle')}
          </Heading>
          <ErrorsProvider value={problem?.errors ?? []}>
            <form onSubmit={fulfil} noValidate className="form">
              <RadioGroup pointer="/method" legend={t('request.field.method')} value={method} onChange={setMethod} options={FULFILMENT_METHODS.map((m) => ({ value: m, label: word('fulfilment', m) }))} />
              <TextField pointer="/reference" label={t('request.field.reference')} required={false} value={reference} onChange={setReference} />
              <ButtonGroup>
                <Button type="submit" appearance="primary-action-button" busy={busy} disabled={busy}>
                  {t('request.fulfilSubmit')}
                </Button>
              </ButtonGroup>
            </form>
          </ErrorsProvider>
        </section>
      ) : null}

      <section aria-labelledby="history-title">
        <Heading level={2} id="history-title">
          {t('request.history')}
        </Heading>
        <ol className="timeline">
          {request.history.map((h, i) => (
            <li key={i}>
              <time dateTime={h.at}>{dateTime(h.at)}</time>
              <span>
                {word('state', h.status)}
                {h.by ? ` — ${h.by}` : ''}
                {h.reasonCode ? ` — ${word('reason', h.reasonCode)}` : ''}
                {h.message ? `: ${h.message}` : ''}
              </span>
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}
