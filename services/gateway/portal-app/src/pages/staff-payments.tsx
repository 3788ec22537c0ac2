// Paying providers: approved requests go into a batch, handed to the bank as a SEPA file (and CSV for the books).
import { useCallback, useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { Button, ButtonGroup, Heading, Paragraph, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow } from '@utrecht/component-library-react';
import { api, PaymentBatch } from '../api';
import { PageTitle } from '../app';
import { asProblem, ErrorsProvider, ErrorSummary, Notice, ProblemAlert, TextField, useAction } from '../forms';
import { useI18n } from '../i18n';
import { ConfirmButton, StatusBadge } from './application-status';

export function PaymentsPage({ fundId }: { fundId: string }) {
  const { t, word, euro, date } = useI18n();
  const [batches, setBatches] = useState<PaymentBatch[] | null>(null);
  const { problem, setProblem, notice, run: runAction } = useAction();
  const [executionDate, setExecutionDate] = useState('');
  const [bankReference, setBankReference] = useState<Record<string, string>>({});

  const load = useCallback(async () => {
    try {
      setBatches((await api.batches(fundId)).items);
    } catch (error) {
      setProblem(asProblem(error));
    }
  }, [fundId]);
  useEffect(() => {
    void load();
  }, [load]);

  const run = (action: () => Promise<unknown>, done: string) => runAction(action, done, load);

  const create = (event: FormEvent) => {
    event.preventDefault();
    void run(() => api.createBatch(fundId, executionDate || undefined), t('payments.created'));
  };

  return (
    <>
      <PageTitle>{t('payments.title', { fund: word('fund', fundId) })}</PageTitle>
      <Paragraph>{t('payments.intro')}</Paragraph>
      <ErrorSummary problem={problem?.errors?.length ? problem : null} labelOf={() => t('payments.executionDate')} />
      <ProblemAlert problem={problem} />
      <Notice>{notice}</Notice>
      <section aria-labelledby="new-batch">
        <Heading level={2} id="new-batch">
          {t('payments.newTitle')}
        </Heading>
        <ErrorsProvider value={problem?.errors ?? []}>
          <form onSubmit={create} noValidate className="form">
            <TextField pointer="/executionDate" label={t('payments.executionDate')} description={t('payments.executionDateHint')} type="date" value={executionDate} onChange={setExecutionDate} required={false} width="m" />
            <Button type="submit" appearance="primary-action-button">
              {t('payments.create')}
            </Button>
          </form>
        </ErrorsProvider>
      </section>
      <section aria-labelledby="batches-title">
        <Heading level={2} id="batches-title">
          {t('payments.listTitle')}
        </Heading>
        {batches === null ? (
          <Paragraph role="status">{t('common.loading')}</Paragraph>
        ) : batches.length === 0 ? (
          <Paragraph>{t('payments.none')}</Paragraph>
        ) : (
          <div className="table-scroll">
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHeaderCell scope="col">{t('payments.batch')}</TableHeaderCell>
                  <TableHeaderCell scope="col">{t('queue.status')}</TableHeaderCell>
                  <TableHeaderCell scope="col">{t('payments.executionDate')}</TableHeaderCell>
                  <TableHeaderCell scope="col">{t('payments.count')}</TableHeaderCell>
                  <TableHeaderCell scope="col">{t('payments.total')}</TableHeaderCell>
                  <TableHeaderCell scope="col">{t('payments.actions')}</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {batches.map((b) => (
                  <TableRow key={b.id}>
                    <TableCell>{b.messageId}</TableCell>
                    <TableCell>
                      <StatusBadge status={`batch-${b.status}`} />
                    </TableCell>
                    <TableCell>{date(b.requestedExecutionDate)}</TableCell>
                    <TableCell>{b.numberOfPayments}</TableCell>
                    <TableCell>{euro(b.totalCents)}</TableCell>
                    <TableCell>
                      <ButtonGroup>
                        <Button type="button" appearance="secondary-action-button" onClick={() => void api.downloadSepa(fundId, b).catch((e) => setProblem(asProblem(e)))}>
                          {t('payments.sepa', { id: b.messageId })}
                        </Button>
                        <Button type="button" appearance="secondary-action-button" onClick={() => void api.downloadCsv(fundId, b).catch((e) => setProblem(asProblem(e)))}>
                          {t('payments.csv', { id: b.messageId })}
                        </Button>
                      </ButtonGroup>
                      {b.status === 'open' ? (
                        <div className="batch-actions">
                          <TextField
                            pointer={`/bankReference-${b.id}`}
                            label={t('payments.bankReference', { id: b.messageId })}
                            required={false}
                            value={bankReference[b.id] ?? ''}
                            onChange={(v) => setBankReference((r) => ({ ...r, [b.id]: v }))}
                          />
                          <ButtonGroup>
                            <Button type="button" appearance="primary-action-button" onClick={() => void run(() => api.markPaid(fundId, b.id, bankReference[b.id]?.trim() || undefined), t('payments.paid'))}>
                              {t('payments.markPaid', { id: b.messageId })}
                            </Button>
                            <ConfirmButton
                              label={t('payments.cancel', { id: b.messageId })}
                              question={t('payments.cancelQuestion')}
                              confirm={t('payments.cancelConfirm')}
                              onConfirm={() => run(() => api.cancelBatch(fundId, b.id), t('payments.cancelled'))}
                            />
                          </ButtonGroup>
                        </div>
                      ) : b.paidAt ? (
                        <Paragraph className="hint">{t('payments.paidAt', { date: date(b.paidAt) })}</Paragraph>
                      ) : null}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
        )}
      </section>
    </>
  );
}
