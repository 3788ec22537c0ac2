// A parent's applications and unfinished drafts; for an intermediary, the caseload: the applications they made.
import { useEffect, useState } from 'react';
import { Button, Heading, Paragraph, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow } from '@utrecht/component-library-react';
import { api, Application, Draft, Problem, Session } from '../api';
import { PageTitle } from '../app';
import { asProblem, ErrorSummary } from '../forms';
import { useI18n } from '../i18n';
import { Link, navigate } from '../router';
import { StatusBadge } from './application-status';

export function ApplicationsPage({ session }: { session: Session }) {
  const { t, word, dateTime, date } = useI18n();
  const intermediary = session.role === 'intermediary';
  const [applications, setApplications] = useState<Application[] | null>(null);
  const [drafts, setDrafts] = useState<Draft[]>([]);
  const [problem, setProblem] = useState<Problem | null>(null);

  const load = async () => {
    try {
      const [a, d] = await Promise.all([api.applications(), api.drafts()]);
      setApplications(a.items);
      setDrafts(d.items.filter((x) => x.status === 'open'));
    } catch (error) {
      setProblem(asProblem(error));
    }
  };
  useEffect(() => {
    void load();
  }, []);

  const needsSummary = (a: Application) =>
    a.items.map((i) => `${word('category', i.category)}: ${word('state', i.status)}`).join('; ');

  return (
    <>
      <PageTitle>{intermediary ? t('list.titleIntermediary') : t('list.title')}</PageTitle>
      <Paragraph>{intermediary ? t('list.introIntermediary') : t('list.intro')}</Paragraph>
      <Button type="button" appearance="primary-action-button" onClick={() => navigate('/apply')}>
        {intermediary ? t('nav.applyForFamily') : t('nav.newApplication')}
      </Button>
      <ErrorSummary problem={problem} />

      {drafts.length ? (
        <section aria-labelledby="drafts-title">
          <Heading level={2} id="drafts-title">
            {t('list.drafts')}
          </Heading>
          <ul className="plain-list">
            {drafts.map((d) => (
              <li key={d.id} className="card">
                <Paragraph>
                  {t('list.draftSaved', { when: dateTime(d.updatedAt) })}
                  {d.content.children?.some((c) => c.firstName) ? ` — ${d.content.children.map((c) => c.firstName).filter(Boolean).join(', ')}` : ''}
                </Paragraph>
                <Link to={`/apply/${d.id}`}>{t('list.resume')}</Link>{' '}
                <Button
                  type="button"
                  appearance="subtle-button"
                  onClick={async () => {
                    await api.deleteDraft(d.id).catch((e) => setProblem(asProblem(e)));
                    void load();
                  }}
                >
                  {t('list.deleteDraft')}
                </Button>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="applications-title">
        <Heading level={2} id="applications-title">
          {intermediary ? t('list.caseload') : t('list.sent')}
        </Heading>
        {applications === null ? (
          <Paragraph role="status">{t('common.loading')}</Paragraph>
        ) : applications.length === 0 ? (
          <Paragraph>{t('list.none')}</Paragraph>
        ) : (
          <div className="table-scroll">
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHeaderCell scope="col">{t('list.submitted')}</TableHeaderCell>
                  {intermediary ? <TableHeaderCell scope="col">{t('list.family')}</TableHeaderCell> : null}
                  <TableHeaderCell scope="col">{t('status.state')}</TableHeaderCell>
                  <TableHeaderCell scope="col">{t('list.needs')}</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {applications.map((a) => (
                  <TableRow key={a.id}>
                    <TableCell>
                      <Link to={`/applications/${a.id}`}>{date(a.submittedAt)}</Link>
                    </TableCell>
                    {intermediary ? <TableCell>{a.consent.parent?.name ?? '—'}</TableCell> : null}
                    <TableCell>
                      <StatusBadge status={a.status} />
                    </TableCell>
                    <TableCell>{needsSummary(a)}</TableCell>
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
