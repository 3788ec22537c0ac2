// A fund's queue: the requests routed to it, filtered and sorted, 50 at a time.
import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { Button, ButtonGroup, Paragraph, Table, TableBody, TableCaption, TableCell, TableHeader, TableHeaderCell, TableRow } from '@utrecht/component-library-react';
import { api, FundRequest, Problem, QueueFilter } from '../api';
import { PageTitle } from '../app';
import { asProblem, ErrorsProvider, ErrorSummary, SelectField, TextField } from '../forms';
import { useI18n } from '../i18n';
import { Link } from '../router';
import { CATEGORIES, QUEUE_STATUSES } from '@fund-desk/contracts/vocabulary';
import { StatusBadge } from './application-status';

const PAGE = 50;
const FILTER_KEY = 'fund-desk.queue-filter';
const initial: QueueFilter = { status: 'routed', category: '', minAge: '', maxAge: '', from: '', to: '', claimed: '', order: 'oldest' };

export function QueuePage({ fundId }: { fundId: string }) {
  const { t, word, euro, date } = useI18n();
  const [filter, setFilter] = useState<QueueFilter>(() => ({ ...initial, ...JSON.parse(sessionStorage.getItem(FILTER_KEY) ?? '{}') }));
  const [applied, setApplied] = useState<QueueFilter>(filter);
  const [offset, setOffset] = useState(0);
  const [items, setItems] = useState<FundRequest[] | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);

  useEffect(() => {
    let cancelled = false;
    setItems(null);
    api.queue(fundId, { ...applied, offset }).then(
      (r) => !cancelled && (setItems(r.items), setProblem(null)),
      (e) => !cancelled && (setProblem(asProblem(e)), setItems([])),
    );
    return () => {
      cancelled = true;
    };
  }, [fundId, applied, offset]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    sessionStorage.setItem(FILTER_KEY, JSON.stringify(filter));
    setOffset(0);
    setApplied({ ...filter });
  };
  const set = (key: keyof QueueFilter) => (v: string) => setFilter((f) => ({ ...f, [key]: v }));
  const any = { value: '', label: t('queue.any') };

  return (
    <>
      <PageTitle>{t('queue.title', { fund: word('fund', fundId) })}</PageTitle>
      <ErrorSummary problem={problem} labelOf={(p) => t(`queue.${p.slice(1)}` as never)} />
      <ErrorsProvider value={problem?.errors ?? []}>
        <form onSubmit={submit} className="form filters" aria-label={t('queue.filters')}>
          <SelectField pointer="/status" label={t('queue.status')} value={filter.status ?? ''} onChange={set('status')} options={[any, ...QUEUE_STATUSES.map((s) => ({ value: s, label: word('state', s) }))]} />
          <SelectField pointer="/category" label={t('queue.category')} value={filter.category ?? ''} onChange={set('category')} options={[any, ...CATEGORIES.map((c) => ({ value: c, label: word('category', c) }))]} />
          <TextField pointer="/minAge" label={t('queue.minAge')} value={filter.minAge ?? ''} onChange={set('minAge')} inputMode="numeric" width="xs" />
          <TextField pointer="/maxAge" label={t('queue.maxAge')} value={filter.maxAge ?? ''} onChange={set('maxAge')} inputMode="numeric" width="xs" />
          <TextField pointer="/from" label={t('queue.from')} type="date" value={filter.from ?? ''} onChange={set('from')} width="m" />
          <TextField pointer="/to" label={t('queue.to')} type="date" value={filter.to ?? ''} onChange={set('to')} width="m" />
          <SelectField
            pointer="/claimed"
            label={t('queue.claimed')}
            value={filter.claimed ?? ''}
            onChange={set('claimed')}
            options={[any, { value: 'me', label: t('queue.claimedMe') }, { value: 'nobody', label: t('queue.claimedNobody') }]}
          />
          <SelectField
            pointer="/order"
            label={t('queue.order')}
            value={filter.order ?? 'oldest'}
            onChange={set('order')}
            options={[
              { value: 'oldest', label: t('queue.oldest') },
              { value: 'newest', label: t('queue.newest') },
            ]}
          />
          <ButtonGroup>
            <Button type="submit" appearance="primary-action-button">
              {t('queue.apply')}
            </Button>
            <Button type="button" appearance="subtle-button" onClick={() => (setFilter(initial), sessionStorage.removeItem(FILTER_KEY), setOffset(0), setApplied(initial))}>
              {t('queue.reset')}
            </Button>
          </ButtonGroup>
        </form>
      </ErrorsProvider>
      {items === null ? (
        <Paragraph role="status">{t('common.loading')}</Paragraph>
      ) : items.length === 0 ? (
        <Paragraph role="status">{t('queue.none')}</Paragraph>
      ) : (
        <div className="table-scroll">
          <Table>
            <TableCaption>{t('queue.caption', { from: offset + 1, to: offset + items.length })}</TableCaption>
            <TableHeader>
              <TableRow>
                <TableHeaderCell scope="col">{t('queue.request')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('queue.child')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('field.amountCents')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('queue.status')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('queue.routedAt')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('queue.claimedBy')}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {items.map((r) => (
                <TableRow key={r.id}>
                  <TableCell>
                    <Link to={`/fund/requests/${r.id}`}>{word('category', r.category)}</Link>
                    {r.endorsementRequired ? <span className="hint"> · {t('request.needsEndorsement')}</span> : null}
                  </TableCell>
                  <TableCell>{t('queue.childAge', { name: r.childFirstName, age: r.childAge })}</TableCell>
                  <TableCell>{euro(r.amountCents)}</TableCell>
                  <TableCell>
                    <StatusBadge status={r.status} />
                  </TableCell>
                  <TableCell>{date(r.routedAt)}</TableCell>
                  <TableCell>{r.claimedBy ?? '—'}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
      <ButtonGroup>
        {offset > 0 ? (
          <Button type="button" appearance="secondary-action-button" onClick={() => setOffset(Math.max(0, offset - PAGE))}>
            {t('queue.previous')}
          </Button>
        ) : null}
        {items && items.length === PAGE ? (
          <Button type="button" appearance="secondary-action-button" onClick={() => setOffset(offset + PAGE)}>
            {t('queue.next')}
          </Button>
        ) : null}
      </ButtonGroup>
    </>
  );
}
