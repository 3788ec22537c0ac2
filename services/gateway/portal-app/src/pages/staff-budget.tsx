import { useEffect, useState } from 'react';
import { Paragraph } from '@utrecht/component-library-react';
import { api, Budget, Problem } from '../api';
import { PageTitle } from '../app';
import { asProblem, problemText } from '../forms';
import { useI18n } from '../i18n';

export function BudgetPage({ fundId }: { fundId: string }) {
  const { t, word, euro } = useI18n();
  const [budget, setBudget] = useState<Budget | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  useEffect(() => {
    api.budget(fundId).then(setBudget, (e) => setProblem(asProblem(e)));
  }, [fundId]);
  const share = (cents: number) => (budget && budget.allocatedCents ? Math.round((cents * 100) / budget.allocatedCents) : 0);
  return (
    <>
      <PageTitle>{t('budget.title', { fund: word('fund', fundId) })}</PageTitle>
      {problem ? (
        <Paragraph>{problem.status === 404 ? t('budget.none') : problemText(problem, t)}</Paragraph>
      ) : !budget ? (
        <Paragraph role="status">{t('common.loading')}</Paragraph>
      ) : (
        <>
          <Paragraph>{t('budget.year', { year: budget.year })}</Paragraph>
          <dl className="summary budget">
            <dt>{t('budget.allocated')}</dt>
            <dd>{euro(budget.allocatedCents)}</dd>
            <dt>{t('budget.reserved')}</dt>
            <dd>
              {euro(budget.reservedCents)} ({share(budget.reservedCents)}%)
            </dd>
            <dt>{t('budget.spent')}</dt>
            <dd>
              {euro(budget.spentCents)} ({share(budget.spentCents)}%)
            </dd>
            <dt>{t('budget.left')}</dt>
            <dd>
              <strong>{euro(budget.leftCents)}</strong> ({share(budget.leftCents)}%)
            </dd>
          </dl>
          <div className="meter" aria-hidden="true">
            <span className="meter__spent" style={{ width: `${share(budget.spentCents)}%` }} />
            <span className="meter__reserved" style={{ width: `${share(budget.reservedCents)}%` }} />
          </div>
          <Paragraph className="hint">{t('budget.explain')}</Paragraph>
        </>
      )}
    </>
  );
}
