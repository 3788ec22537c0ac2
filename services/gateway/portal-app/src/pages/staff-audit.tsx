import { useEffect, useState } from 'react';
import { Heading, Paragraph, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow } from '@utrecht/component-library-react';
import { api, AuditSignIn, AuditStaffRead, Problem } from '../api';
import { PageTitle } from '../app';
import { asProblem, problemText } from '../forms';
import { useI18n } from '../i18n';

/** For the fund's administrator: who of the fund's people signed in and out, and who read which family's request. */
export function AuditPage({ fundId }: { fundId: string }) {
  const { t, word, dateTime } = useI18n();
  const [signIns, setSignIns] = useState<AuditSignIn[] | null>(null);
  const [reads, setReads] = useState<AuditStaffRead[] | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [providerMissing, setProviderMissing] = useState(false);
  useEffect(() => {
    api.signInAudit(fundId).then(
      (r) => {
        setSignIns(r.items);
        setProviderMissing(r.identityProvider === 'unavailable');
      },
      (e) => setProblem(asProblem(e)),
    );
    api.readAudit(fundId).then((r) => setReads(r.items), (e) => setProblem(asProblem(e)));
  }, [fundId]);

  return (
    <>
      <PageTitle>{t('audit.title', { fund: word('fund', fundId) })}</PageTitle>
      <Paragraph>{t('audit.intro')}</Paragraph>
      {problem ? <Paragraph>{problemText(problem, t)}</Paragraph> : null}
      <section aria-labelledby="audit-reads">
        <Heading level={2} id="audit-reads">
          {t('audit.readsTitle')}
        </Heading>
        {!reads ? (
          <Paragraph role="status">{t('common.loading')}</Paragraph>
        ) : !reads.length ? (
          <Paragraph>{t('audit.none')}</Paragraph>
        ) : (
          <Table>
            <TableHeader>
              <TableRow>
                <TableHeaderCell scope="col">{t('audit.when')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('audit.who')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('audit.request')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('audit.from')}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {reads.map((r, i) => (
                <TableRow key={`${r.at}-${i}`}>
                  <TableCell>
                    <time dateTime={r.at}>{dateTime(r.at)}</time>
                  </TableCell>
                  <TableCell>{r.reader}</TableCell>
                  <TableCell>{r.requestId.slice(0, 8)}</TableCell>
                  <TableCell>{r.from ?? '–'}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </section>
      <section aria-labelledby="audit-sign-ins">
        <Heading level={2} id="audit-sign-ins">
          {t('audit.signInsTitle')}
        </Heading>
        {providerMissing ? <Paragraph>{t('audit.providerMissing')}</Paragraph> : null}
        {!signIns ? (
          <Paragraph role="status">{t('common.loading')}</Paragraph>
        ) : !signIns.length ? (
          <Paragraph>{t('audit.none')}</Paragraph>
        ) : (
          <Table>
            <TableHeader>
              <TableRow>
                <TableHeaderCell scope="col">{t('audit.when')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('audit.who')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('audit.what')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('audit.from')}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {signIns.map((e, i) => (
                <TableRow key={`${e.at}-${i}`}>
                  <TableCell>
                    <time dateTime={e.at}>{dateTime(e.at)}</time>
                  </TableCell>
                  <TableCell>{e.actor.subject}</TableCell>
                  <TableCell>
                    {word('auditAction', e.action)}
                    {e.purpose ? ` (${word('auditReason', e.purpose)})` : ''}
                  </TableCell>
                  <TableCell>{e.from ?? '–'}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </section>
    </>
  );
}
