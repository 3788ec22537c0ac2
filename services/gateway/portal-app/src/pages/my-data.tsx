// A parent's own data: download everything kept about the household, or have it erased everywhere.
import { useState } from 'react';
import { Alert, Button, Heading, Paragraph } from '@utrecht/component-library-react';
import { api, Problem, signOut } from '../api';
import { PageTitle } from '../app';
import { asProblem, CheckboxField, ErrorsProvider, ErrorSummary } from '../forms';
import { useI18n } from '../i18n';
import { navigate } from '../router';

export function MyDataPage() {
  const { t } = useI18n();
  const [problem, setProblem] = useState<Problem | null>(null);
  const [sure, setSure] = useState(false);
  const [busy, setBusy] = useState(false);
  const [erased, setErased] = useState(false);

  const download = async () => {
    setProblem(null);
    try {
      await api.exportMyData();
    } catch (error) {
      setProblem(asProblem(error));
    }
  };

  const erase = async () => {
    if (!sure) {
      setProblem({ status: 400, title: t('errors.summaryTitle'), errors: [{ pointer: '/confirm', code: 'required', detail: t('myData.confirmRequired') }] });
      return;
    }
    setBusy(true);
    try {
      await api.eraseMyData();
      setErased(true);
      setProblem(null);
    } catch (error) {
      setProblem(asProblem(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PageTitle>{t('myData.title')}</PageTitle>
      <ErrorSummary problem={problem} labelOf={() => t('myData.confirmLabel')} />
      <section aria-labelledby="export-title">
        <Heading level={2} id="export-title">
          {t('myData.exportTitle')}
        </Heading>
        <Paragraph>{t('myData.exportText')}</Paragraph>
        <Button type="button" appearance="secondary-action-button" onClick={() => void download()}>
          {t('myData.exportButton')}
        </Button>
      </section>
      <section aria-labelledby="erase-title">
        <Heading level={2} id="erase-title">
          {t('myData.eraseTitle')}
        </Heading>
        {erased ? (
          <Alert type="ok" role="status">
            <Paragraph>{t('myData.erased')}</Paragraph>
            <Button
              type="button"
              appearance="secondary-action-button"
              onClick={() => {
                void signOut().then(() => {
                  navigate('/sign-in?signedOut=1');
                  location.reload();
                });
              }}
            >
              {t('header.signOut')}
            </Button>
          </Alert>
        ) : (
          <>
            <Paragraph>{t('myData.eraseText')}</Paragraph>
            <ErrorsProvider value={problem?.errors ?? []}>
              <CheckboxField pointer="/confirm" label={t('myData.confirmLabel')} checked={sure} onChange={setSure} />
            </ErrorsProvider>
            <Button type="button" appearance="primary-action-button" hint="danger" busy={busy} disabled={busy} onClick={() => void erase()}>
              {t('myData.eraseButton')}
            </Button>
          </>
        )}
      </section>
    </>
  );
}
