import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { uniquePostcode, waitUntil } from '@fund-desk/testing';
import { checkA11y, checkedPages, Device, gatewayUrl, launchBrowser, newPage, pageErrors, screenshot } from './support';

/**
 * The portal in a real browser (Debian's Chromium through playwright-core), through the gateway of the system the
 * jest global set-up started: a parent applies on a phone, fund staff decide, the parent follows it, an
 * intermediary applies for a family. Every page visited is checked with axe (WCAG 2.1 A/AA: no serious or
 * critical violations); the main ones are photographed for docs/portal/.
 *
 * The tests of one file run in order and build on each other (one story); names and postcodes are this run's own,
 * so the other test files using the same system do not get in the way.
 */
jest.setTimeout(120_000);

const IBAN = 'NL91 ABNA 0417 1643 00';
const LEERGELD = 'Stichting Leergeld Leeuwarden';
const KINDERHULP = 'Nationaal Fonds Kinderhulp';

let browser: Browser;
const contexts: BrowserContext[] = [];
const pages: Page[] = [];

async function open(device: Device, path = '/'): Promise<Page> {
  const { context, page } = await newPage(browser, device);
  contexts.push(context);
  pages.push(page);
  await page.goto(`${gatewayUrl()}${path}`);
  return page;
}

/** Waits for the page's one <h1> to read `name` (the app renders after loading, and after each navigation). */
async function onPage(page: Page, name: string | RegExp): Promise<void> {
  await page.getByRole('heading', { level: 1, name }).waitFor();
  // Whatever the page still loads ("Even geduld …") is gone before it is checked or photographed.
  await page.getByText('Even geduld, we halen de gegevens op…').waitFor({ state: 'detached' });
}

/** The portal shows what it fetched when the page loaded; a person reloads to see what changed since. */
async function reloadUntil(page: Page, check: () => Promise<boolean>, what: string): Promise<void> {
  await waitUntil(
    async () => {
      if (await check()) return true;
      await page.reload();
      await page.waitForLoadState('networkidle');
      return check();
    },
    { timeoutMs: 30_000, intervalMs: 500, what },
  );
}

const visible = (locator: Locator) => async () => (await locator.count()) > 0 && locator.first().isVisible();

async function signIn(page: Page, role: string, name: string, extra: { fund?: string; municipality?: string } = {}): Promise<void> {
  await onPage(page, 'Inloggen');
  await page.getByRole('radio', { name: role }).check();
  await page.getByLabel('Uw naam').fill(name);
  if (extra.fund) await page.getByLabel('Fonds', { exact: true }).selectOption({ label: extra.fund });
  if (extra.municipality) await page.getByLabel('Gemeente waar u werkt').selectOption({ label: extra.municipality });
  await page.getByRole('button', { name: 'Inloggen' }).click();
}

const next = (page: Page) => page.getByRole('button', { name: 'Volgende stap' }).click();
const step = (page: Page, n: number, title: string) => page.getByRole('heading', { level: 2, name: `Stap ${n} van 5: ${title}` }).waitFor();

async function household(page: Page, postcode: string): Promise<void> {
  await page.getByLabel('Gemeente', { exact: true }).selectOption({ label: 'Leeuwarden' });
  await page.getByLabel('Postcode').fill(postcode);
  await page.getByRole('radio', { name: 'Ik voed mijn kinderen alleen op' }).check();
  await page.getByLabel('Netto inkomen per maand (euro)').fill('1450');
}

async function need(page: Page, forChild: string, n: number, what: { category: string; euros: string; provider?: string }): Promise<void> {
  await page.getByRole('button', { name: `Iets aanvragen voor ${forChild}` }).click();
  const group = page.getByRole('group', { name: `Aanvraag ${n}` });
  await group.getByLabel('Wat is er nodig?').selectOption({ label: what.category });
  await group.getByLabel('Bedrag', { exact: true }).fill(what.euros);
  if (what.provider) {
    await group.getByLabel('Naam van de school, club of winkel').fill(what.provider);
    await group.getByLabel('IBAN van de school, club of winkel').fill(IBAN);
  }
}

async function consentAndSend(page: Page): Promise<void> {
  await page.getByLabel('Ik geef toestemming om mijn inkomen te controleren.').check();
  await page.getByLabel('Ik geef toestemming om aan elk fonds door te geven wat dat fonds nodig heeft.').check();
  await page.getByRole('button', { name: 'Aanvraag versturen' }).click();
  await onPage(page, 'Status van de aanvraag');
  await page.getByRole('heading', { name: 'Uw aanvraag is verstuurd' }).waitFor();
}

/** A need's card on the status page ("Aanvraag 1: Schoolreis of schoolkamp"). */
const card = (page: Page, n: number, category: string) => page.getByRole('region', { name: `Aanvraag ${n}: ${category}` });

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await Promise.all(contexts.map((c) => c.close()));
  await browser?.close();
});

// One family: two children with names no other test uses. Each run has a system (databases) of its own, so the
// people can keep the same readable names from run to run, as they appear in docs/portal/.
const parentName = 'sjoukje.devries';
const postcode = uniquePostcode();
const [femke, bouke] = ['Femke', 'Bouke'];
let parent: Page;
let statusPath: string;

describe('a parent on a phone', () => {
  it('signs in with the development sign-in', async () => {
    parent = await open('phone');
    await onPage(parent, 'Inloggen');
    await expect(parent.locator('html').getAttribute('lang')).resolves.toBe('nl');
    await checkA11y(parent, 'sign-in');
    await screenshot(parent, 'sign-in-phone', { docs: true });

    await signIn(parent, 'ouder', parentName);
    await onPage(parent, 'Mijn aanvragen');
    await checkA11y(parent, 'my applications (empty)');
  });

  it('switches the portal to English once: the heading changes and html[lang] is en', async () => {
    await parent.getByRole('button', { name: 'English' }).click();
    await onPage(parent, 'My applications');
    await expect(parent.locator('html').getAttribute('lang')).resolves.toBe('en');
    await checkA11y(parent, 'my applications (English)');
    await parent.getByRole('button', { name: 'Nederlands' }).click();
    await onPage(parent, 'Mijn aanvragen');
    await expect(parent.locator('html').getAttribute('lang')).resolves.toBe('nl');
  });

  it('is told every problem of a step at once, before going on', async () => {
    await parent.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Nieuwe aanvraag' }).click();
    await onPage(parent, 'Aanvraag doen');
    await step(parent, 1, 'Uw gezin');
    await next(parent);
    const summary = parent.getByRole('alert').filter({ hasText: 'Er gaat iets mis' });
    await summary.waitFor();
    await expect(summary.getByRole('link').count()).resolves.toBe(3); // postcode, composition, income
    await checkA11y(parent, 'apply: household, with errors');
  });

  it('applies for two children and three needs, step by step, and submits', async () => {
    await household(parent, postcode);
    await checkA11y(parent, 'apply: household');
    await screenshot(parent, 'apply-1-household-phone', { docs: true });
    await next(parent);

    await step(parent, 2, 'Kinderen');
    await parent.getByLabel('Voornaam').fill(femke);
    await parent.getByLabel('Geboortedatum').fill('2016-03-14');
    await parent.getByRole('button', { name: 'Nog een kind toevoegen' }).click();
    await parent.getByLabel('Voornaam').nth(1).fill(bouke);
    await parent.getByLabel('Geboortedatum').nth(1).fill('2012-09-02');
    await checkA11y(parent, 'apply: children');
    await screenshot(parent, 'apply-2-children-phone');
    await next(parent);

    await step(parent, 3, 'Wat is er nodig');
    await need(parent, femke, 1, { category: 'Schoolreis of schoolkamp', euros: '45', provider: 'OBS De Tamarisk' });
    await need(parent, femke, 2, { category: 'Verjaardagsbox', euros: '35' });
    await need(parent, bouke, 3, { category: 'Schoolspullen', euros: '60,50', provider: 'Boekhandel Van der Velde' });
    await checkA11y(parent, 'apply: needs');
    await screenshot(parent, 'apply-3-needs-phone', { docs: true });
    await next(parent);

    await step(parent, 4, 'Contact');
    await parent.getByLabel('E-mailadres').fill(`${parentName}@example.nl`);
    await checkA11y(parent, 'apply: contact');
    await next(parent);

    await step(parent, 5, 'Controleren en versturen');
    await parent.getByText('U hebt waarschijnlijk recht op hulp.').waitFor();
    await checkA11y(parent, 'apply: check and send');
    await screenshot(parent, 'apply-5-check-phone');
    await consentAndSend(parent);
    statusPath = new URL(parent.url()).pathname;

    await reloadUntil(
      parent,
      async () => (await parent.getByText('Bij het fonds', { exact: true }).count()) === 3,
      'all three needs with a fund',
    );
    await expect(card(parent, 1, 'Schoolreis of schoolkamp').getByText(LEERGELD, { exact: true }).count()).resolves.toBe(1);
    await expect(card(parent, 2, 'Verjaardagsbox').getByText('Stichting Jarige Job', { exact: true }).count()).resolves.toBe(1);
    await expect(card(parent, 3, 'Schoolspullen').getByText(LEERGELD, { exact: true }).count()).resolves.toBe(1);
    await checkA11y(parent, 'application status');
    await screenshot(parent, 'status-phone', { docs: true });
  });
});

describe('fund staff of Leergeld Leeuwarden', () => {
  let staff: Page;
  let staffPhone: Page;
  const staffName = 'anna.bakker';

  it('sign in with the fund and find both requests in the queue', async () => {
    staff = await open('desktop');
    await signIn(staff, 'medewerker van een fonds', staffName, { fund: 'Leergeld Leeuwarden' });
    await onPage(staff, 'Aanvragen voor Leergeld Leeuwarden');
    await staff.getByRole('row', { name: new RegExp(femke) }).waitFor();
    await staff.getByRole('row', { name: new RegExp(bouke) }).waitFor();
    await checkA11y(staff, 'staff queue');
    await screenshot(staff, 'staff-queue-desktop', { docs: true });
  });

  it('approve Femke\'s school trip on its detail page', async () => {
    await staff.getByRole('row', { name: new RegExp(femke) }).getByRole('link', { name: 'Schoolreis of schoolkamp' }).click();
    await onPage(staff, `Schoolreis of schoolkamp voor ${femke}`);
    await staff.getByText('OBS De Tamarisk').waitFor();
    await checkA11y(staff, 'request detail');
    await screenshot(staff, 'request-detail-desktop', { docs: true });
    await staff.getByRole('radio', { name: 'Goedkeuren' }).check();
    await staff.getByRole('button', { name: 'Besluit opslaan' }).click();
    await staff.getByRole('status').filter({ hasText: 'De aanvraag is goedgekeurd.' }).waitFor();
    await checkA11y(staff, 'request detail, approved');
  });

  it('decline Bouke\'s school supplies with a reason and a message to the parent', async () => {
    await staff.getByRole('link', { name: 'Terug naar de aanvragen' }).click();
    await onPage(staff, 'Aanvragen voor Leergeld Leeuwarden');
    await staff.getByRole('row', { name: new RegExp(bouke) }).getByRole('link', { name: 'Schoolspullen' }).click();
    await onPage(staff, `Schoolspullen voor ${bouke}`);
    await staff.getByRole('radio', { name: 'Afwijzen' }).check();
    await staff.getByLabel('Reden van afwijzen').selectOption({ label: 'Boven het bedrag per jaar' });
    await staff.getByLabel('Toelichting voor de aanvrager').fill('Bouke kreeg dit jaar al schoolspullen van ons.');
    await checkA11y(staff, 'request detail, declining');
    await staff.getByRole('button', { name: 'Besluit opslaan' }).click();
    await staff.getByRole('status').filter({ hasText: 'De aanvraag is afgewezen.' }).waitFor();
    await staff.getByText('Bouke kreeg dit jaar al schoolspullen van ons.').first().waitFor();
  });

  it('the queue and a request on a phone', async () => {
    staffPhone = await open('phone');
    await signIn(staffPhone, 'medewerker van een fonds', staffName, { fund: 'Leergeld Leeuwarden' });
    await onPage(staffPhone, 'Aanvragen voor Leergeld Leeuwarden');
    await staffPhone.getByLabel('Status', { exact: true }).selectOption({ label: 'Alle' });
    await staffPhone.getByRole('button', { name: 'Filters toepassen' }).click();
    await staffPhone.getByRole('row', { name: new RegExp(femke) }).waitFor();
    await checkA11y(staffPhone, 'staff queue (phone)');
    await screenshot(staffPhone, 'staff-queue-phone', { docs: true });
    await staffPhone.getByRole('row', { name: new RegExp(femke) }).getByRole('link').click();
    await onPage(staffPhone, `Schoolreis of schoolkamp voor ${femke}`);
    await checkA11y(staffPhone, 'request detail (phone)');
    await screenshot(staffPhone, 'request-detail-phone', { docs: true });
  });
});

describe('the parent, afterwards', () => {
  it('sees the approval, and the declined need moved on to the next fund', async () => {
    await reloadUntil(
      parent,
      async () =>
        (await visible(card(parent, 1, 'Schoolreis of schoolkamp').getByText('Goedgekeurd', { exact: true }))()) &&
        (await visible(card(parent, 3, 'Schoolspullen').getByText(KINDERHULP, { exact: true }))()),
      'the approval and the reroute to Kinderhulp',
    );
    await expect(card(parent, 3, 'Schoolspullen').getByText('Bij het fonds', { exact: true }).count()).resolves.toBe(1);
    await checkA11y(parent, 'application status after the decisions');
    await screenshot(parent, 'status-decided-phone');
  });

  it('reads the messages about it in the in-app inbox', async () => {
    await parent.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: /^Berichten/ }).click();
    await onPage(parent, 'Berichten');
    const message = (title: string) => parent.getByRole('heading', { name: new RegExp(`${title}$`) });
    await reloadUntil(
      parent,
      async () =>
        (await visible(message(`${LEERGELD} heeft uw aanvraag goedgekeurd`))()) &&
        (await visible(message(`${LEERGELD} heeft uw aanvraag afgewezen`))()) &&
        (await visible(message(`Uw aanvraag is nu bij ${KINDERHULP}`))()),
      'messages about the approval, the decline and the reroute',
    );
    // The decline tells why, in the fund's own words.
    await parent.getByText('Bouke kreeg dit jaar al schoolspullen van ons.').first().waitFor();
    await checkA11y(parent, 'inbox');
    await screenshot(parent, 'inbox-phone');
  });

  it('the status page on a desktop', async () => {
    const desktop = await open('desktop');
    await signIn(desktop, 'ouder', parentName);
    await onPage(desktop, 'Mijn aanvragen');
    await desktop.goto(`${gatewayUrl()}${statusPath}`);
    await onPage(desktop, 'Status van de aanvraag');
    await card(desktop, 1, 'Schoolreis of schoolkamp').getByText('Goedgekeurd', { exact: true }).waitFor();
    await checkA11y(desktop, 'application status (desktop)');
    await screenshot(desktop, 'status-desktop', { docs: true });
    await desktop.getByRole('link', { name: 'Terug naar mijn aanvragen' }).click();
    await onPage(desktop, 'Mijn aanvragen');
    await desktop.getByRole('link', { name: 'Nieuwe aanvraag' }).click();
    await onPage(desktop, 'Aanvraag doen');
    await step(desktop, 1, 'Uw gezin');
    await checkA11y(desktop, 'apply: household (desktop)');
    await screenshot(desktop, 'apply-1-household-desktop', { docs: true });
  });

  it('sign-in on a desktop', async () => {
    const desktop = await open('desktop', '/sign-in');
    await onPage(desktop, 'Inloggen');
    await checkA11y(desktop, 'sign-in (desktop)');
    await screenshot(desktop, 'sign-in-desktop', { docs: true });
  });
});

describe('an intermediary', () => {
  it("applies for a family with the parent's consent; the parent sees the application too", async () => {
    const worker = await open('phone');
    await signIn(worker, 'hulpverlener', 'jan.wijkteam', { municipality: 'Leeuwarden' });
    await onPage(worker, 'Mijn cliënten');
    await worker.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Aanvragen voor een gezin' }).click();
    await onPage(worker, 'Aanvraag doen voor een gezin');

    await step(worker, 1, 'Uw gezin');
    await household(worker, postcode);
    await next(worker);
    await step(worker, 2, 'Kinderen');
    await worker.getByLabel('Voornaam').fill(bouke);
    await worker.getByLabel('Geboortedatum').fill('2012-09-02');
    await next(worker);
    await step(worker, 3, 'Wat is er nodig');
    await need(worker, bouke, 1, { category: 'Zwemles', euros: '180', provider: 'Zwembad De Blauwe Golf' });
    await next(worker);
    await step(worker, 4, 'Contact');
    await worker.getByLabel('E-mailadres').fill(`${parentName}@example.nl`);
    const consent = worker.getByRole('region', { name: 'Toestemming van de ouder' });
    await consent.getByLabel('Naam van de ouder').fill('Sjoukje de Vries');
    await consent.getByRole('radio', { name: 'In een gesprek' }).check();
    await consent.getByLabel('Datum van de toestemming').fill(new Date().toISOString().slice(0, 10));
    await consent.getByLabel('Account van de ouder').fill(parentName);
    await checkA11y(worker, "apply for a family: contact and the parent's consent");
    await screenshot(worker, 'intermediary-consent-phone');
    await next(worker);
    await step(worker, 5, 'Controleren en versturen');
    await consentAndSend(worker);
    await worker.getByText('Sjoukje de Vries').first().waitFor();
    await checkA11y(worker, 'application status (intermediary)');

    await worker.getByRole('link', { name: 'Terug naar mijn cliënten' }).click();
    await onPage(worker, 'Mijn cliënten');
    await worker.getByRole('cell', { name: 'Sjoukje de Vries' }).waitFor();
    await checkA11y(worker, 'caseload');

    // The parent's own list now holds it too.
    await parent.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Mijn aanvragen' }).click();
    await onPage(parent, 'Mijn aanvragen');
    await reloadUntil(parent, visible(parent.getByRole('cell', { name: /^Zwemles/ })), "the intermediary's application in the parent's list");
    await checkA11y(parent, 'my applications (with one made by an intermediary)');
  });
});

describe('on every page', () => {
  it('the portal raised no script errors', () => {
    expect(pages.flatMap((p) => (pageErrors.get(p) ?? []).map((e) => `${p.url()}: ${e.message}`))).toEqual([]);
  });

  it('axe checked every page visited', () => {
    expect(checkedPages.length).toBeGreaterThanOrEqual(20);
  });
});
