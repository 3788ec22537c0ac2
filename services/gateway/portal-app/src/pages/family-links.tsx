// Intermediaries linked to the families they help: the intermediary asks, the parent confirms; either ends it.
import { useCallback, useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { Alert, Button, Heading, Paragraph, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow } from '@utrecht/component-library-react';
import { api, FamilyLink, Problem, Session } from '../api';
import { PageTitle } from '../app';
import { asProblem, ErrorsProvider, ErrorSummary, problemText, TextField } from '../forms';
import { useI18n } from '../i18n';

/** The parent's helpers, or the intermediary's families: who is linked, asked, or no longer. */
export function FamilyLinksPage({ session }: { session: Session }) {
  const { t, word, date } = useI18n();
  const [links, setLinks] = useState<FamilyLink[] | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [account, setAccount] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const isParent = session.role === 'parent';

  const load = useCallback(() => api.familyLinks().then((r) => setLinks(r.items), (e) => setProblem(asProblem(e))), []);
  useEffect(() => {
    void load();
  }, [load]);

  const act = async (what: () => Promise<unknown>, message: string) => {
    setProblem(null);
    try {
      await what();
      setDone(message);
      await load();
    } catch (error) {
      setProblem(asProblem(error));
    }
  };

  const ask = async (event: FormEvent) => {
    event.preventDefault();
    if (!account.trim()) {
      setProblem({ status: 400, title: t('errors.summaryTitle'), errors: [{ pointer: '/parentAccount', code: 'required', detail: t('links.accountRequired') }] });
      return;
    }
    await act(() => api.askFamilyLink(account.trim()), t('links.asked'));
    setAccount('');
  };

  return (
    <>
      <PageTitle>{isParent ? t('links.titleParent') : t('links.titleIntermediary')}</PageTitle>
      <Paragraph>{isParent ? t('links.introParent') : t('links.introIntermediary')}</Paragraph>
      {isParent ? (
        <Paragraph>
          {t('links.yourAccount')} <strong className="account-id">{session.subject}</strong>
        </Paragraph>
      ) : null}
      {done ? (
        <Alert type="ok" role="status">
          <Paragraph>{done}</Paragraph>
        </Alert>
      ) : null}
      <ErrorSummary problem={problem} labelOf={() => t('links.account')} />
      {problem && !problem.errors?.length ? <Paragraph>{problemText(problem, t)}</Paragraph> : null}
      {!isParent ? (
        <ErrorsProvider value={problem?.errors ?? []}>
          <form onSubmit={(e) => void ask(e)} noValidate className="form">
            <TextField pointer="/parentAccount" label={t('links.account')} description={t('links.accountHint')} value={account} onChange={setAccount} />
            <Button type="submit" appearance="primary-action-button">
              {t('links.ask')}
            </Button>
          </form>
        </ErrorsProvider>
      ) : null}
      <section aria-labelledby="links-list">
        <Heading level={2} id="links-list">
          {isParent ? t('links.listParent') : t('links.listIntermediary')}
        </Heading>
        {!links ? (
          <Paragraph role="status">{t('common.loading')}</Paragraph>
        ) : !links.length ? (
          <Paragraph>{t('links.none')}</Paragraph>
        ) : (
          <Table>
            <TableHeader>
              <TableRow>
                <TableHeaderCell scope="col">{isParent ? t('links.who') : t('links.family')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('links.status')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('links.since')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('links.actions')}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {links.map((link) => (
                <TableRow key={link.id}>
                  <TableCell>{isParent ? (link.organisation ?? link.intermediary) : link.parent}</TableCell>
                  <TableCell>{word('linkStatus', link.status)}</TableCell>
                  <TableCell>{date(link.confirmedAt ?? link.requestedAt)}</TableCell>
                  <TableCell>
                    {isParent && link.status === 'requested' ? (
                      <Button appearance="primary-action-button" onClick={() => void act(() => api.confirmFamilyLink(link.id), t('links.confirmed'))}>
                        {t('links.confirm')}
                      </Button>
                    ) : null}
                    {link.status !== 'ended' ? (
                      <Button appearance="secondary-action-button" onClick={() => void act(() => api.endFamilyLink(link.id), t('links.ended'))}>
                        {t('links.end')}
                      </Button>
                    ) : null}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </section>
    </>
  );
}
