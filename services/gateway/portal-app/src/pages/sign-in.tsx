import { useState } from 'react';
import type { FormEvent } from 'react';
import { Alert, Button, Paragraph } from '@utrecht/component-library-react';
import { api, Problem, Role, Session } from '../api';
import { PageTitle } from '../app';
import { asProblem, ErrorsProvider, ErrorSummary, RadioGroup, SelectField, TextField } from '../forms';
import { useI18n } from '../i18n';
import { FUNDS, MUNICIPALITIES } from '../vocabulary';

/** Development sign-in. In production the identity provider (DigiD, eHerkenning; set by configuration) signs people in. */
export function SignInPage({ onSignedIn }: { onSignedIn: (session: Session) => void }) {
  const { t, word } = useI18n();
  const [role, setRole] = useState<Role>('parent');
  const [subject, setSubject] = useState('');
  const [fundId, setFundId] = useState(FUNDS[0]);
  const [municipalityCode, setMunicipalityCode] = useState(MUNICIPALITIES[0].code);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!subject.trim()) {
      setProblem({ status: 400, title: t('errors.summaryTitle'), errors: [{ pointer: '/subject', code: 'required', detail: t('signIn.nameRequired') }] });
      return;
    }
    setBusy(true);
    try {
      const session = await api.devLogin({
        role,
        subject: subject.trim(),
        ...(role === 'fund-staff' ? { fundId } : {}),
        ...(role === 'intermediary' || role === 'municipality' ? { municipalityCode } : {}),
      });
      onSignedIn(session);
    } catch (error) {
      setProblem(asProblem(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PageTitle>{t('signIn.title')}</PageTitle>
      <Paragraph lead>{t('signIn.intro')}</Paragraph>
      <Alert type="info">
        <Paragraph>{t('signIn.devNote')}</Paragraph>
      </Alert>
      <ErrorSummary problem={problem} labelOf={() => t('signIn.name')} />
      <ErrorsProvider value={problem?.errors ?? []}>
        <form onSubmit={submit} noValidate className="form">
          <RadioGroup
            pointer="/role"
            legend={t('signIn.role')}
            value={role}
            onChange={(v) => setRole(v as Role)}
            options={(['parent', 'intermediary', 'fund-staff', 'municipality', 'admin'] as const).map((r) => ({ value: r, label: word('role', r) }))}
          />
          <TextField pointer="/subject" label={t('signIn.name')} description={t('signIn.nameHint')} value={subject} onChange={setSubject} autoComplete="username" />
          {role === 'fund-staff' ? (
            <SelectField pointer="/fundId" label={t('signIn.fund')} value={fundId} onChange={setFundId} options={FUNDS.map((f) => ({ value: f, label: word('fund', f) }))} />
          ) : null}
          {role === 'intermediary' || role === 'municipality' ? (
            <SelectField
              pointer="/municipalityCode"
              label={t('signIn.municipality')}
              value={municipalityCode}
              onChange={setMunicipalityCode}
              options={MUNICIPALITIES.map((m) => ({ value: m.code, label: m.name }))}
            />
          ) : null}
          <Button type="submit" appearance="primary-action-button" busy={busy} disabled={busy}>
            {t('signIn.submit')}
          </Button>
        </form>
      </ErrorsProvider>
    </>
  );
}
