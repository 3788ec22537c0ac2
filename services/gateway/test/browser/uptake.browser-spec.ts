import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Locator, Page, Response } from 'playwright-core';
import { ApiClient, applicationRequest, uniqueId, uniquePostcode, waitUntil } from '@fund-desk/testing';
import { checkA11y, checkedPages, Device, gatewayUrl, launchBrowser, newPage, pageErrors, screenshot } from './support';

/**
 * The municipality officer's uptake dashboard in a real browser, through the gateway of the system the jest global
 * set-up started. The test makes its own figures through the API: eight families in Eindhoven apply for a school trip
 * in three postcode areas of this run's own (six children in one, one in each of the others, so the small areas are
 * hidden and the big one stays shown whatever else the shared system holds), Leergeld Eindhoven approves all eight and
 * arranges five. What the officer sees is compared with the answer the page itself got from the API, so figures that
 * other test files add to Eindhoven at the same time do not get in the way. Every view is checked with axe.
 */
jest.setTimeout(180_000);

const CODE = 'GM0772';
const OTHER = 'GM0080';
const FUND = 'leergeld-eindhoven';
const TITLE = 'Bereik in Eindhoven';
const PROVIDER = { name: 'Basisschool De Boog', iban: 'NL91ABNA0417164300' };

const gateway = () => new ApiClient(gatewayUrl());
// Three 4-digit postcode areas in a row, of this run's own.
const [area, smallArea1, smallArea2] = [uniquePostcode(), uniquePostcode(), uniquePostcode()].map((p) => p.slice(0, 4));
const FAMILIES = [
  ...['AB', 'AC', 'AD', 'AE', 'AG', 'AH'].map((letters, i) => ({ postcode: `${area} ${letters}`, firstName: ['Noor', 'Sem', 'Lotte', 'Finn', 'Sara', 'Milan'][i], birthDate: `201${4 + (i % 4)}-0${i + 1}-12` })),
  { postcode: `${smallArea1} AB`, firstName: 'Zoë', birthDate: '2015-05-05' },
  { postcode: `${smallArea2} AB`, firstName: 'Daan', birthDate: '2016-06-06' },
];

interface Row {
  suppressed: string[];
  [key: string]: unknown;
}
interface Report {
  from: string;
  to: string;
  headline: Record<string, number | null> & { schoolYear: string };
  neighbourhoods: (Row & { area: string })[];
  funnel: Record<string, number | null>;
  series: (Row & { period: string })[];
  suppression: { applied: boolean; threshold: number };
}

// ---- what the officer should see for a figure of the API (Dutch) ----

const count = new Intl.NumberFormat('nl-NL', { maximumFractionDigits: 1 });
const percent = new Intl.NumberFormat('nl-NL', { style: 'percent', maximumFractionDigits: 1 });
type Kind = 'count' | 'percent' | 'points';

/** A figure as the page shows it: "5.600", "12,5%", "10 onder"; "verborgen" when hidden; a dash ("onbekend" for screen readers) when not known. */
function seen(value: unknown, hidden: boolean, kind: Kind = 'count'): string {
  if (value === null || value === undefined) return hidden ? 'verborgen' : '–onbekend';
  const n = value as number;
  if (kind === 'percent') return percent.format(n / 100);
  if (kind === 'points') return n === 0 ? 'op het doel' : `${count.format(Math.abs(n))} ${n > 0 ? 'onder' : 'boven'}`;
  return count.format(n);
}
const hiddenIn = (row: Row, key: string) => row[key] === null && row.suppressed.includes(key);

const NEIGHBOURHOOD_COLUMNS: [string, Kind][] = [
  ['applications', 'count'],
  ['childrenApplied', 'count'],
  ['childrenReached', 'count'],
  ['eligibleChildren', 'count'],
  ['uptakePercent', 'percent'],
  ['targetPercent', 'percent'],
  ['belowTargetPoints', 'points'],
];
const neighbourhoodRow = (n: Report['neighbourhoods'][number]) => [n.area, ...NEIGHBOURHOOD_COLUMNS.map(([key, kind]) => seen(n[key], hiddenIn(n, key), kind))];

const FUNNEL_STEPS: Record<string, string> = {
  applications: 'Aanvragen',
  householdsEligible: 'Gezinnen met een inkomen dat past',
  needsRequested: 'Hulpvragen',
  needsRouted: 'Bij een fonds',
  needsApproved: 'Goedgekeurd',
  needsFulfilled: 'Geregeld',
};
const FUNNEL_STOPPED: Record<string, string> = {
  householdsNotEligible: 'Gezinnen met een te hoog inkomen',
  needsDeclined: 'Afgewezen',
  needsUnroutable: 'Geen fonds gevonden',
  needsWithdrawn: 'Ingetrokken',
  needsDuplicate: 'Al eerder aangevraagd',
};
const funnelRows = (report: Report, steps: Record<string, string>) => Object.entries(steps).map(([key, label]) => [label, seen(report.funnel[key], true)]);

function headline(report: Report): Record<string, string> {
  const h = report.headline;
  return {
    'Kinderen bereikt': seen(h.childrenReached, true),
    'Kinderen met recht op hulp (schatting)': seen(h.eligibleChildren, false),
    Bereik: seen(h.uptakePercent, h.childrenReached === null, 'percent'),
    Doel: seen(h.targetPercent, false, 'percent'),
    Aanvragen: seen(h.applications, true),
    'Kinderen aangevraagd': seen(h.childrenApplied, true),
  };
}

// ---- reading the page ----

/** Every row of a table (header included) as the text of its cells. */
const cellsOf = (table: Locator): Promise<string[][]> =>
  table.evaluate((t: any) => [...t.rows].map((r: any) => [...r.cells].map((c: any) => String(c.textContent ?? '').trim())));
const bodyOf = async (table: Locator) => (await cellsOf(table)).slice(1);
const headlineOf = (page: Page) =>
  page.locator('dl.headline > div').evaluateAll((divs: any[]) => Object.fromEntries(divs.map((d) => [d.querySelector('dt').textContent.trim(), d.querySelector('dd').textContent.trim()])) as Record<string, string>);

async function onPage(page: Page, name: string | RegExp): Promise<void> {
  await page.getByRole('heading', { level: 1, name }).waitFor();
  await page.getByText('Even geduld, we halen de gegevens op…').waitFor({ state: 'detached' });
}

const isUptake = (code: string) => (r: Response) => r.request().method() === 'GET' && new URL(r.url()).pathname === `/api/v1/municipalities/${code}/uptake`;

/** Does `action` and returns the uptake answer the page got from the API for it, once the page shows it. */
async function answered(page: Page, action: () => Promise<unknown>, code = CODE, title = TITLE): Promise<Report> {
  const [response] = await Promise.all([page.waitForResponse(isUptake(code)), action()]);
  expect(response.status()).toBe(200);
  const report = (await response.json()) as Report;
  await onPage(page, title);
  await page.locator('dl.headline').waitFor();
  return report;
}

/** The page shows exactly the headline, neighbourhoods and funnel of the answer. */
async function expectShows(page: Page, report: Report): Promise<void> {
  await expect(headlineOf(page)).resolves.toEqual(headline(report));
  await expect(bodyOf(page.getByRole('table', { name: 'Per wijk' }))).resolves.toEqual(report.neighbourhoods.map(neighbourhoodRow));
  await expect(bodyOf(page.getByRole('table', { name: 'Stappen' }))).resolves.toEqual(funnelRows(report, FUNNEL_STEPS));
  await expect(bodyOf(page.getByRole('table', { name: 'Niet verder gekomen' }))).resolves.toEqual(funnelRows(report, FUNNEL_STOPPED));
}

/** The error shown with a field: the element its input names in aria-describedby, and the input marked invalid. */
async function errorOf(page: Page, input: Locator): Promise<string> {
  await expect(input.getAttribute('aria-invalid')).resolves.toBe('true');
  const id = await input.getAttribute('id');
  return (await page.locator(`#${id}-error`).innerText()).trim();
}

/**
 * A screenshot from the top of the page: the skip link sits fixed far above the viewport, and a full-page picture of a
 * page scrolled down would show it.
 */
async function photo(page: Page, name: string, options: { docs?: boolean } = {}): Promise<void> {
  await page.evaluate(() => (globalThis as any).scrollTo(0, 0));
  await screenshot(page, name, options);
}

let browser: Browser;
const contexts: BrowserContext[] = [];
const pages: Page[] = [];

async function open(device: Device): Promise<Page> {
  const { context, page } = await newPage(browser, device);
  contexts.push(context);
  pages.push(page);
  await page.goto(`${gatewayUrl()}/`);
  await onPage(page, 'Inloggen');
  return page;
}

async function signIn(page: Page, role: string, name: string, municipality?: string): Promise<void> {
  await page.getByRole('radio', { name: role, exact: true }).check();
  await page.getByLabel('Uw naam').fill(name);
  if (municipality) await page.getByLabel('Gemeente waar u werkt').selectOption({ label: municipality });
  await page.getByRole('button', { name: 'Inloggen' }).click();
}

/** One family's application for a school trip (and for one family a summer activity no fund pays), routed. */
async function apply(family: (typeof FAMILIES)[number], unroutable: boolean): Promise<string> {
  const parent = await gateway().login('parent', uniqueId('ouder'));
  const submitted = await parent.post<{ id: string }>(
    '/api/v1/applications',
    applicationRequest({
      municipalityCode: CODE,
      postcode: family.postcode,
      children: [{ ref: 'c1', firstName: family.firstName, birthDate: family.birthDate }],
      items: [
        { childRef: 'c1', category: 'school-trip', amountCents: 4500, provider: PROVIDER },
        ...(unroutable ? [{ childRef: 'c1', category: 'summer-activity', amountCents: 60000, provider: PROVIDER }] : []),
      ],
    }),
  );
  expect(submitted.status).toBe(202);
  const view = await waitUntil(
    async () => {
      const r = await parent.get<{ items: { id: string; category: string; status: string; fundId: string | null }[] }>(`/api/v1/applications/${submitted.body.id}`);
      return r.status === 200 && r.body.items.every((i) => i.status !== 'pending') ? r.body : null;
    },
    { timeoutMs: 45_000, intervalMs: 250, what: `the application of ${family.firstName} routed` },
  );
  const trip = view.items.find((i) => i.category === 'school-trip')!;
  expect(trip).toMatchObject({ status: 'routed', fundId: FUND });
  return trip.id;
}

let officerApi: ApiClient;

beforeAll(async () => {
  browser = await launchBrowser();
  const trips = await Promise.all(FAMILIES.map((family, i) => apply(family, i === 0)));
  const staff = await gateway().login('fund-staff', uniqueId('staff'), { fundId: FUND });
  for (const [i, trip] of trips.entries()) {
    const decided = await staff.post(`/api/v1/funds/${FUND}/requests/${trip}/decision`, { decision: 'approve' });
    expect(decided.status).toBe(200);
    if (i < 5) expect((await staff.post(`/api/v1/funds/${FUND}/requests/${trip}/fulfilment`, { method: 'provider-paid' })).status).toBe(200);
  }
  officerApi = await gateway().login('municipality', uniqueId('officer'), { municipalityCode: CODE });
  await waitUntil(
    async () => {
      const r = await officerApi.get<Report>(`/api/v1/municipalities/${CODE}/uptake`);
      const ours = r.status === 200 ? r.body.neighbourhoods.find((n) => n.area === area) : undefined;
      return ours?.applications === 6 && ours.childrenReached === 6 && (r.body.headline.childrenReached ?? 0) >= 8 && (r.body.funnel.needsFulfilled ?? 0) >= 5;
    },
    { timeoutMs: 60_000, intervalMs: 500, what: 'uptake to count the eight applications, approvals and five arranged trips' },
  );
});

afterAll(async () => {
  await Promise.all(contexts.map((c) => c.close()));
  await browser?.close();
});

let officer: Page;
let month: Report;

describe('a municipality officer on a phone', () => {
  it('signs in for Eindhoven and lands on the uptake dashboard, which shows what the API answered', async () => {
    officer = await open('phone');
    await officer.getByRole('radio', { name: 'medewerker van de gemeente', exact: true }).check();
    await checkA11y(officer, 'sign-in: municipality officer');
    month = await answered(officer, () => signIn(officer, 'medewerker van de gemeente', 'femke.gemeente', 'Eindhoven'));
    expect(new URL(officer.url()).pathname).toBe('/uptake');
    await expect(officer.getByRole('radio', { name: 'maand', exact: true }).isChecked()).resolves.toBe(true);
    await expect(officer.getByLabel('Vanaf', { exact: true }).inputValue()).resolves.toBe(month.from);
    await expect(officer.getByLabel('Tot en met', { exact: true }).inputValue()).resolves.toBe(month.to);

    await expectShows(officer, month);
    // Our own area: six children applied for, all six reached; no estimate for it yet.
    const ours = (await bodyOf(officer.getByRole('table', { name: 'Per wijk' }))).find((r) => r[0] === area);
    expect(ours).toEqual([area, '6', '6', '6', '–onbekend', '–onbekend', '–onbekend', '–onbekend']);
    await checkA11y(officer, 'uptake: per month');
    await photo(officer, 'uptake-month-phone');
  });

  it('sees hidden figures marked "verborgen", with the note that says why', async () => {
    expect(month.suppression).toEqual({ applied: true, threshold: 5 });
    await officer.getByText('Sommige cijfers zijn verborgen. Gaat een cijfer over minder dan 5 kinderen').waitFor();
    const rows = await bodyOf(officer.getByRole('table', { name: 'Per wijk' }));
    for (const small of [smallArea1, smallArea2]) {
      const row = rows.find((r) => r[0] === small)!;
      expect(row.slice(1, 4)).toEqual(['verborgen', 'verborgen', 'verborgen']);
    }
    // One summer activity found no fund: one need, too few to show.
    const stopped = await bodyOf(officer.getByRole('table', { name: 'Niet verder gekomen' }));
    expect(stopped.find((r) => r[0] === 'Geen fonds gevonden')?.[1]).toBe(seen(month.funnel.needsUnroutable, true));
  });

  it('shows the chart as an image with a title and a description, and its figures in a table', async () => {
    const chart = officer.getByRole('img', { name: 'Bereik per maand' });
    await chart.waitFor();
    await expect(chart.locator('desc').textContent()).resolves.toMatch(/^Van augustus \d{4} tot en met \w+ \d{4}: van /);
    const series = await bodyOf(officer.getByRole('table', { name: 'De cijfers per maand' }));
    expect(series.map((r) => r[0])).toEqual(month.series.map((s) => new Intl.DateTimeFormat('nl-NL', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${s.period}-15T00:00:00Z`))));
    expect(series.map((r) => r[1])).toEqual(month.series.map((s) => seen(s.applications, hiddenIn(s, 'applications'))));
  });

  it('downloads the neighbourhood table as CSV, with the token', async () => {
    const link = officer.getByRole('link', { name: 'Tabel ‘Per wijk’ downloaden (CSV)' });
    const [download] = await Promise.all([officer.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toBe(`bereik-${CODE}-neighbourhoods-${month.from}-${month.to}.csv`);
    const lines = readFileSync((await download.path())!, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('area,applications,childrenApplied,childrenReached,eligibleChildren,uptakePercent,targetPercent,belowTargetPoints,suppressed');
    expect(lines).toContain(`${area},6,6,6,,,,,`);
    expect(lines[lines.length - 1]).toBe('# suppression applied=true threshold=5');
    await expect(officer.getByRole('alert').count()).resolves.toBe(0);
  });

  it('switches to weeks with the keyboard', async () => {
    await officer.getByRole('radio', { name: 'maand', exact: true }).focus();
    await officer.keyboard.press('ArrowDown');
    await expect(officer.getByRole('radio', { name: 'week', exact: true }).isChecked()).resolves.toBe(true);
    const weeks = await answered(officer, async () => {
      await officer.getByRole('button', { name: 'Cijfers tonen' }).focus();
      await officer.keyboard.press('Enter');
    });
    expect(new URL(officer.url()).searchParams.get('period')).toBe('week');
    await officer.getByRole('img', { name: 'Bereik per week' }).waitFor();
    const series = await bodyOf(officer.getByRole('table', { name: 'De cijfers per week' }));
    expect(series).toHaveLength(weeks.series.length);
    expect(series[0][0]).toBe(`week ${Number(weeks.series[0].period.slice(6))} van ${weeks.series[0].period.slice(0, 4)}`);
    await expectShows(officer, weeks);
    await checkA11y(officer, 'uptake: per week');
    await photo(officer, 'uptake-week-phone');
  });

  it('chooses school years from an earlier date', async () => {
    await officer.getByRole('radio', { name: 'schooljaar', exact: true }).check();
    const start = Number(month.headline.schoolYear.slice(0, 4));
    await officer.getByLabel('Vanaf', { exact: true }).fill(`${start - 2}-08-01`);
    const years = await answered(officer, () => officer.getByRole('button', { name: 'Cijfers tonen' }).click());
    const series = await bodyOf(officer.getByRole('table', { name: 'De cijfers per schooljaar' }));
    expect(series.map((r) => r[0])).toEqual([0, 1, 2].map((i) => `schooljaar ${start - 2 + i}-${start - 1 + i}`));
    expect(years.series.map((s) => s.period)).toEqual([0, 1, 2].map((i) => `${start - 2 + i}-${String((start - 1 + i) % 100).padStart(2, '0')}`));
    await officer.getByRole('img', { name: 'Bereik per schooljaar' }).waitFor();
    await checkA11y(officer, 'uptake: per school year');
  });

  it('is told next to the field when the dates do not fit (its own check and the API)', async () => {
    await officer.getByLabel('Vanaf', { exact: true }).fill(`${month.to.slice(0, 4)}-12-31`);
    await officer.getByRole('button', { name: 'Cijfers tonen' }).click();
    await officer.getByRole('alert').filter({ hasText: 'Er gaat iets mis' }).waitFor();
    await expect(errorOf(officer, officer.getByLabel('Vanaf', { exact: true }))).resolves.toBe('Kies een begindatum die voor de einddatum ligt');
    await checkA11y(officer, 'uptake: dates with an error');

    // More than three years: the API refuses, and says so next to the end date.
    await officer.getByLabel('Vanaf', { exact: true }).fill('2020-01-01');
    const [response] = await Promise.all([officer.waitForResponse(isUptake(CODE)), officer.getByRole('button', { name: 'Cijfers tonen' }).click()]);
    expect(response.status()).toBe(400);
    await officer.getByRole('alert').filter({ hasText: 'Er gaat iets mis' }).waitFor();
    await expect(errorOf(officer, officer.getByLabel('Tot en met', { exact: true }))).resolves.not.toBe('');
  });

  it('is refused the figures of another municipality', async () => {
    // Asking for another code in the address is ignored: an officer always sees their own municipality.
    const own = await answered(officer, () => officer.goto(`${gatewayUrl()}/uptake?code=${OTHER}`));
    expect(own.headline.schoolYear).toBe(month.headline.schoolYear);
    // With the officer's own token the API refuses Leeuwarden's figures and its CSV.
    const statuses = await officer.evaluate(async (paths) => {
      const token = (globalThis as any).sessionStorage.getItem('fund-desk.token');
      return Promise.all(paths.map(async (path) => (await fetch(path, { headers: { Authorization: `Bearer ${token}` } })).status));
    }, [`/api/v1/municipalities/${OTHER}/uptake`, `/api/v1/municipalities/${OTHER}/uptake.csv?table=funnel`, `/api/v1/municipalities/${OTHER}/eligible-children`]);
    expect(statuses).toEqual([403, 403, 403]);
    expect((await officerApi.get(`/api/v1/municipalities/${OTHER}/uptake`)).status).toBe(403);
  });

  it('sets the estimate and the target for the school year: errors next to the field, then saved and shown again', async () => {
    await officer.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Schatting en doel' }).click();
    await onPage(officer, 'Schatting en doel voor Eindhoven');
    const year = `schooljaar ${month.headline.schoolYear.slice(0, 4)}-${Number(month.headline.schoolYear.slice(0, 4)) + 1}`;
    const estimates = officer.getByRole('table', { name: 'Schattingen en doelen' });
    await expect(bodyOf(estimates)).resolves.toContainEqual([`${year}, hele gemeente`, '5.600', '–onbekend']);
    await expect(officer.getByLabel('Schooljaar', { exact: true }).inputValue()).resolves.toBe(month.headline.schoolYear);
    await checkA11y(officer, 'estimates');

    const eligible = officer.getByLabel('Kinderen met recht op hulp in de hele gemeente');
    const target = officer.getByLabel('Doel: hoeveel procent wilt u bereiken?');
    await eligible.fill('40');
    await target.fill('150');
    await officer.getByRole('button', { name: 'Postcodegebied toevoegen' }).click();
    const group = officer.getByRole('group', { name: 'Postcodegebied 1' });
    await group.getByLabel('Postcodegebied (4 cijfers)').fill('89');
    await group.getByLabel('Kinderen met recht op hulp in dit gebied').fill('10');
    await group.getByLabel('Doel voor dit gebied (%)').fill('70');
    await officer.getByRole('button', { name: 'Schatting opslaan' }).click();
    await expect(errorOf(officer, group.getByLabel('Postcodegebied (4 cijfers)'))).resolves.toBe('Vul de 4 cijfers van de postcode in, bijvoorbeeld 8921');
    await checkA11y(officer, 'estimates: with an error');

    // The portal does not know the target's upper limit; the API refuses it, next to the field.
    await group.getByLabel('Postcodegebied (4 cijfers)').fill(area);
    await officer.getByRole('button', { name: 'Schatting opslaan' }).click();
    await officer.getByRole('alert').filter({ hasText: 'Er gaat iets mis' }).getByRole('link', { name: /Dit getal is te groot/ }).waitFor();
    await expect(errorOf(officer, target)).resolves.toBe('Dit getal is te groot');

    await target.fill('50');
    await officer.getByRole('button', { name: 'Schatting opslaan' }).click();
    await officer.getByRole('status').filter({ hasText: `Opgeslagen: 40 kinderen met recht op hulp in ${year}.` }).waitFor();
    await expect(officer.getByRole('alert').count()).resolves.toBe(0);
    await expect(bodyOf(estimates)).resolves.toEqual(expect.arrayContaining([[`${year}, hele gemeente`, '40', '50%'], [`${year}, postcodegebied ${area}`, '10', '70%']]));
    await checkA11y(officer, 'estimates: saved');
    await photo(officer, 'uptake-estimates-phone');

    // Round trip: after a reload the form and the API hold what was saved.
    await officer.reload();
    await onPage(officer, 'Schatting en doel voor Eindhoven');
    await expect(eligible.inputValue()).resolves.toBe('40');
    await expect(target.inputValue()).resolves.toBe('50');
    await expect(group.getByLabel('Postcodegebied (4 cijfers)').inputValue()).resolves.toBe(area);
    await expect(group.getByLabel('Kinderen met recht op hulp in dit gebied').inputValue()).resolves.toBe('10');
    await expect(group.getByLabel('Doel voor dit gebied (%)').inputValue()).resolves.toBe('70');
    const stored = await officerApi.get<{ items: { schoolYear: string; area: string; eligibleChildren: number; targetPercent: number | null }[] }>(`/api/v1/municipalities/${CODE}/eligible-children`);
    expect(stored.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ schoolYear: month.headline.schoolYear, area: '*', eligibleChildren: 40, targetPercent: 50 }),
        expect.objectContaining({ schoolYear: month.headline.schoolYear, area, eligibleChildren: 10, targetPercent: 70 }),
      ]),
    );
  });

  it('sees the uptake against the new target, its own area first (furthest below its target)', async () => {
    const report = await answered(officer, () => officer.getByRole('link', { name: 'Terug naar het bereik' }).click());
    await expectShows(officer, report);
    expect(report.headline).toMatchObject({ eligibleChildren: 40, targetPercent: 50 });
    await expect(headlineOf(officer)).resolves.toMatchObject({ 'Kinderen met recht op hulp (schatting)': '40', Doel: '50%' });
    const rows = await bodyOf(officer.getByRole('table', { name: 'Per wijk' }));
    expect(rows[0]).toEqual([area, '6', '6', '6', '10', '60%', '70%', '10 onder']);
    await checkA11y(officer, 'uptake: with estimate and target');
    await photo(officer, 'uptake-phone', { docs: true });
  });
});

describe('a municipality officer on a desktop', () => {
  it('sees the same dashboard, in Dutch and in English', async () => {
    const desk = await open('desktop');
    const report = await answered(desk, () => signIn(desk, 'medewerker van de gemeente', 'joost.gemeente', 'Eindhoven'));
    await expectShows(desk, report);
    await checkA11y(desk, 'uptake: desktop');
    await photo(desk, 'uptake-desktop', { docs: true });

    await desk.getByRole('button', { name: 'English' }).click();
    await onPage(desk, 'Uptake in Eindhoven');
    await desk.getByRole('table', { name: 'Per neighbourhood' }).waitFor();
    await desk.getByRole('img', { name: 'Uptake per month' }).waitFor();
    await checkA11y(desk, 'uptake: desktop (English)');
    await desk.getByRole('button', { name: 'Nederlands' }).click();
    await onPage(desk, TITLE);
  });
});

describe('an administrator', () => {
  it('chooses Eindhoven on the dashboard and sees its figures', async () => {
    const admin = await open('desktop');
    await signIn(admin, 'beheerder', 'petra.beheer');
    await onPage(admin, 'Fondsen');
    await answered(admin, () => admin.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Bereik' }).click(), OTHER, 'Bereik in Leeuwarden');
    await admin.getByLabel('Gemeente', { exact: true }).selectOption({ label: 'Eindhoven' });
    const report = await answered(admin, () => admin.getByRole('button', { name: 'Cijfers tonen' }).click());
    expect(new URL(admin.url()).searchParams.get('code')).toBe(CODE);
    await expectShows(admin, report);
    await checkA11y(admin, 'uptake: administrator');
  });
});

describe('on every uptake page', () => {
  it('the portal raised no script errors', () => {
    expect(pages.flatMap((p) => (pageErrors.get(p) ?? []).map((e) => e.message))).toEqual([]);
  });

  it('axe checked every view', () => {
    expect(checkedPages.length).toBeGreaterThanOrEqual(12);
  });
});
