import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { Button, Heading, Page, PageContent, PageFooter, PageHeader, Paragraph, SkipLink } from '@utrecht/component-library-react';
import { api, currentSession, resumeSession, Session, signOut, whenSignedOut } from './api';
import { useI18n } from './i18n';
import { Link, match, navigate, usePath } from './router';
import { SignInPage } from './pages/sign-in';
import { ApplicationsPage } from './pages/applications';
import { ApplyPage } from './pages/apply';
import { ApplicationStatusPage } from './pages/application-status';
import { InboxPage } from './pages/inbox';
import { MyDataPage } from './pages/my-data';
import { QueuePage } from './pages/staff-queue';
import { FundRequestPage } from './pages/staff-request';
import { PaymentsPage } from './pages/staff-payments';
import { BudgetPage } from './pages/staff-budget';
import { AuditPage } from './pages/staff-audit';
import { FamilyLinksPage } from './pages/family-links';
import { FundsPage, FundRulesPage } from './pages/admin-funds';
import { NormsPage } from './pages/admin-norms';
import { MunicipalitiesPage } from './pages/admin-municipalities';

// The uptake dashboard and estimates form (with their chart and tables) are one chunk of their own.
const UptakePage = lazy(() => import('./pages/municipality').then((m) => ({ default: m.UptakePage })));
const EstimatesPage = lazy(() => import('./pages/municipality').then((m) => ({ default: m.EstimatesPage })));

/** Each page's one <h1>; focused after navigation so screen readers hear where they are, and used as the title. */
export function PageTitle({ children }: { children: string }) {
  useEffect(() => {
    document.title = `${children} – fund-desk`;
  }, [children]);
  return (
    <Heading level={1} tabIndex={-1} id="page-title">
      {children}
    </Heading>
  );
}

export function homeOf(session: Session | null): string {
  switch (session?.role) {
    case 'parent':
    case 'intermediary':
      return '/applications';
    case 'fund-staff':
      return '/fund/queue';
    case 'municipality':
      return '/uptake';
    case 'admin':
      return '/admin/funds';
    default:
      return '/sign-in';
  }
}

type Route = [pattern: string, roles: Session['role'][] | null, render: (params: Record<string, string>, session: Session) => ReactNode];

const ROUTES: Route[] = [
  ['/applications', ['parent', 'intermediary'], (_p, s) => <ApplicationsPage session={s} />],
  ['/apply', ['parent', 'intermediary'], (_p, s) => <ApplyPage session={s} />],
  ['/apply/:draftId', ['parent', 'intermediary'], (p, s) => <ApplyPage session={s} draftId={p.draftId} />],
  ['/applications/:id', ['parent', 'intermediary'], (p, s) => <ApplicationStatusPage session={s} id={p.id} />],
  ['/inbox', null, () => <InboxPage />],
  ['/my-data', ['parent'], () => <MyDataPage />],
  ['/links', ['parent', 'intermediary'], (_p, s) => <FamilyLinksPage session={s} />],
  ['/fund/queue', ['fund-staff'], (_p, s) => <QueuePage fundId={s.fundId!} />],
  ['/fund/requests/:id', ['fund-staff'], (p, s) => <FundRequestPage fundId={s.fundId!} id={p.id} session={s} />],
  ['/fund/payments', ['fund-staff'], (_p, s) => <PaymentsPage fundId={s.fundId!} />],
  ['/fund/budget', ['fund-staff'], (_p, s) => <BudgetPage fundId={s.fundId!} />],
  ['/fund/audit', ['fund-staff'], (_p, s) => (s.fundAdmin ? <AuditPage fundId={s.fundId!} /> : <NotFoundPage />)],
  ['/admin/funds', ['admin'], () => <FundsPage />],
  ['/admin/funds/:id', ['admin'], (p) => <FundRulesPage id={p.id} />],
  ['/admin/norms', ['admin'], () => <NormsPage />],
  ['/admin/municipalities', ['admin'], () => <MunicipalitiesPage />],
  ['/uptake', ['municipality', 'admin'], (_p, s) => <UptakePage session={s} />],
  ['/uptake/estimates', ['municipality', 'admin'], (_p, s) => <EstimatesPage session={s} />],
];

function NotFoundPage() {
  const { t } = useI18n();
  return (
    <>
      <PageTitle>{t('notFound.title')}</PageTitle>
      <Paragraph>{t('notFound.text')}</Paragraph>
      <Paragraph>
        <Link to="/">{t('notFound.home')}</Link>
      </Paragraph>
    </>
  );
}

function Navigation({ session, unread }: { session: Session; unread: number }) {
  const { t } = useI18n();
  const path = usePath();
  const links: [string, string][] =
    session.role === 'parent'
      ? [
          ['/applications', t('nav.myApplications')],
          ['/apply', t('nav.newApplication')],
          ['/inbox', unread ? t('nav.inboxUnread', { n: unread }) : t('nav.inbox')],
          ['/links', t('nav.helpers')],
          ['/my-data', t('nav.myData')],
        ]
      : session.role === 'intermediary'
        ? [
            ['/applications', t('nav.caseload')],
            ['/apply', t('nav.applyForFamily')],
            ['/links', t('nav.families')],
            ['/inbox', unread ? t('nav.inboxUnread', { n: unread }) : t('nav.inbox')],
          ]
        : session.role === 'fund-staff'
          ? [
              ['/fund/queue', t('nav.queue')],
              ['/fund/payments', t('nav.payments')],
              ['/fund/budget', t('nav.budget')],
              ...(session.fundAdmin ? ([['/fund/audit', t('nav.audit')]] as [string, string][]) : []),
            ]
          : session.role === 'municipality'
            ? [
                ['/uptake', t('nav.uptake')],
                ['/uptake/estimates', t('nav.estimates')],
              ]
            : session.role === 'admin'
              ? [
                  ['/admin/funds', t('nav.funds')],
                  ['/admin/norms', t('nav.norms')],
                  ['/admin/municipalities', t('nav.municipalities')],
                  ['/uptake', t('nav.uptake')],
                ]
              : [];
  if (!links.length) return null;
  return (
    <nav aria-label={t('nav.label')} className="main-nav">
      <ul>
        {links.map(([to, label]) => (
          <li key={to}>
            <Link to={to} aria-current={path === to ? 'page' : undefined}>
              {label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export function App() {
  const { t, word, lang, setLang } = useI18n();
  const path = usePath();
  const [session, setSession] = useState<Session | null>(currentSession);
  // Until the gateway said whether this browser has a session (after the identity provider sent it back).
  const [resolving, setResolving] = useState(() => currentSession() === null);
  const [unread, setUnread] = useState(0);
  const first = useRef(true);

  useEffect(() => {
    whenSignedOut(() => {
      setSession(null);
      navigate(`/sign-in?returnTo=${encodeURIComponent(location.pathname + location.search)}&ended=1`, { replace: true });
    });
    if (!resolving) return;
    resumeSession().then(
      (resumed) => {
        if (resumed) setSession(resumed);
        setResolving(false);
      },
      () => setResolving(false),
    );
  }, []);

  // After navigation: focus the new page's heading (not on the first load, where the skip link comes first).
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    requestAnimationFrame(() => document.getElementById('page-title')?.focus());
  }, [path]);

  useEffect(() => {
    if (!session || session.role === 'admin' || session.role === 'municipality') return;
    api.inbox().then(
      (inbox) => setUnread(inbox.unread),
      () => undefined,
    );
  }, [session, path]);

  useEffect(() => {
    if (resolving) return;
    if (path === '/') {
      navigate(homeOf(session), { replace: true });
    } else if (!session && path !== '/sign-in') {
      navigate(`/sign-in?returnTo=${encodeURIComponent(path + location.search)}`, { replace: true });
    }
  }, [path, session, resolving]);

  let content: ReactNode = null;
  if (resolving) {
    content = <Paragraph role="status">{t('common.loading')}</Paragraph>;
  } else if (path === '/sign-in') {
    content = <SignInPage onSignedIn={(s) => (setSession(s), navigate(homeOf(s)))} />;
  } else if (session) {
    content = <NotFoundPage />;
    for (const [pattern, roles, render] of ROUTES) {
      const params = match(pattern, path);
      if (params && (!roles || roles.includes(session.role))) {
        content = render(params, session);
        break;
      }
    }
  }

  const other = lang === 'nl' ? 'en' : 'nl';
  return (
    <Page>
      <SkipLink href="#main" className="utrecht-skip-link--visible-on-focus">{t('skipLink')}</SkipLink>
      <PageHeader>
        <div className="header-bar">
          <Link to={homeOf(session)} className="brand">
            {t('brand')}
          </Link>
          <div className="header-actions">
            <Button appearance="subtle-button" lang={other} onClick={() => setLang(other)}>
              {other === 'en' ? 'English' : 'Nederlands'}
            </Button>
            {session ? (
              <>
                <span className="who">{t('header.signedInAs', { name: session.subject, role: word('role', session.role) })}</span>
                <Button
                  appearance="secondary-action-button"
                  onClick={() => {
                    void signOut().then(() => {
                      setSession(null);
                      navigate('/sign-in?signedOut=1');
                    });
                  }}
                >
                  {t('header.signOut')}
                </Button>
              </>
            ) : null}
          </div>
        </div>
        {session ? <Navigation session={session} unread={unread} /> : null}
      </PageHeader>
      <PageContent>
        <main id="main" tabIndex={-1}>
          <Suspense fallback={<Paragraph role="status">{t('common.loading')}</Paragraph>}>{content}</Suspense>
        </main>
      </PageContent>
      <PageFooter>
        <Paragraph>{t('footer.text')}</Paragraph>
      </PageFooter>
    </Page>
  );
}
