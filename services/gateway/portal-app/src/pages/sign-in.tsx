import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { Alert, Button, ButtonLink, Heading, Paragraph } from '@utrecht/component-library-react';
import { api, Problem, Role, Session, SignInOptions, signInOptions, signInUrl } from '../api';
import { PageTitle } from '../app';
import { useQuery } from '../router';
import { asProblem, ErrorsProvider, ErrorSummary, RadioGroup, SelectField, TextField } from '../forms';
import { useI18n } from '../i18n';
import { FUNDS, MUNICIPALITIES } from '../vocabulary';

const FAILURES = ['access-denied', 'code-refused', 'no-role', 'second-factor-missing', 'unknown-state', 'provider-error'] as const;

/**
 * Sign-in: through the identity provider (the realm's sign-in page; staff also give a code from their authenticator
 * app), and back to the page the user came from. The development sign-in (anyone, any role) shows only where the
 * gateway has it on.
 */
export function SignInPage({ onSignedIn }: { onSignedIn: (session: Session) => void }) {
  const { t } = useI18n();
  const query = useQuery();
  const [options, setOptions] = useState<SignInOptions | null>(null);
  useEffect(() => {
    void signInOptions().then(setOptions);
  }, []);
  const returnTo = query.get('returnTo') ?? '/';
  const error = query.get('error');
  const failure = FAILURES.find((f) => f === error);

  return (
    <>
      <PageTitle>{t('signIn.title')}</PageTitle>
      <Paragraph lead>{t('signIn.intro')}</Paragraph>
      {failure ? (
        <Alert type="error" role="alert">
          <Paragraph>{t(`signIn.failed.${failure}`)}</Paragraph>
        </Alert>
      ) : null}
      {query.get('ended') ? (
        <Alert type="warning" role="status">
          <Paragraph>{t('signIn.ended')}</Paragraph>
        </Alert>
      ) : null}
      {query.get('signedOut') ? (
        <Alert type="ok" role="status">
          <Paragraph>{t('signIn.signedOut')}</Paragraph>
        </Alert>
      ) : null}
      {options === null ? <Paragraph role="status">{t('common.loading')}</Paragraph> : null}
      {options?.identityProvider ? (
        <section aria-labelledby="sign-in-provider" className="form">
          <Heading level={2} id="sign-in-provider">
            {t('signIn.providerTitle')}
          </Heading>
          <Paragraph>{t('signIn.providerIntro')}</Paragraph>
          <ButtonLink appearance="primary-action-button" href={signInUrl(returnTo)}>
            {t('signIn.withProvider')}
          </ButtonLink>
        </section>
      ) : null}
      {options && !options.identityProvider && !options.devLogin ? (
        <Alert type="error" role="alert">
          <Paragraph>{t('signIn.unavailable')}</Paragraph>
        </Alert>
      ) : null}
      {options?.devLogin ? <DevSignIn onSignedIn={onSignedIn} /> : null}
    </>
  );
}

/** Development sign-in: anyone, any role, for tests and demos (DEV_LOGIN=on at the gateway). */
function DevSignIn({ onSignedIn }: { onSignedIn: (session: Session) => void }) {
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
    <section aria-labelledby="sign-in-dev">
      <Heading level={2} id="sign-in-dev">
        {t('signIn.devTitle')}
      </Heading>
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
    </section>
  );
}
