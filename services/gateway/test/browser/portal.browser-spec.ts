import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { ApiClient, uniqueId, uniquePostcode, waitUntil } from '@fund-desk/testing';
import { checkA11y, checkedPages, gatewayUrl, launchBrowser, newPage, pageErrors, screenshot } from './support';

/**
 * The portal in a real browser (Debian's Chromium through playwright-core), through the gateway of the system
 * the jest global set-up started: what a parent, fund staff and an intermediary see and do, each page checked
 * with axe (WCAG 2.1 A/AA, no serious or critical violations).
 *
 * Written against the portal the gateway serves today (the plain page in services/gateway/portal: sign in,
 * one child and one need per application, "Mijn aanvragen", "Berichten"). What that page cannot do yet — the
 * step-by-step application, the staff queue and request detail, intermediaries — is `it.todo` below, and the
 * staff decisions the parent's steps depend on are made through the API meanwhile (set-up, not the test).
 */
jest.setTimeout(120_000);

const LEERGELD = 'leergeld-leeuwarden';

interface ApplicationList {
  items: { id: string; items: { id: string; amountCents: number; category: string; status: string; fundId: string | null }[] }[];
}

let browser: Browser;
const contexts: BrowserContext[] = [];

async function open(device: 'phone' | 'desktop'): Promise<Page> {
  const { context, page } = await newPage(browser, device);
  contexts.push(context);
  await page.goto(`${gatewayUrl()}/`);
  return page;
}

/** The portal shows what it fetched when it loaded; a person reloads to see what changed since. */
async function reloadUntilVisible(page: Page, locator: () => Locator, what: string, count = 1): Promise<void> {
  const enough = async () => (await locator().count()) >= count && (await locator().first().isVisible());
  await waitUntil(
    async () => {
      if (await enough()) return true;
      await page.reload();
      await page.waitForLoadState('networkidle');
      return enough();
    },
    { timeoutMs: 30_000, intervalMs: 500, what },
  );
}

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await Promise.all(contexts.map((c) => c.close()));
  await browser?.close();
});

describe('a parent on a phone', () => {
  const subject = uniqueId('browser-parent');
  const postcode = uniquePostcode();
  const email = `${subject}@example.nl`;
  let page: Page;

  it('signs in with the development sign-in', async () => {
    page = await open('phone');
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('nl');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain('Eén aanvraag');
    await checkA11y(page, 'sign-in');
    await screenshot(page, 'sign-in-phone', { docs: true });

    await page.getByLabel('Uw naam').fill(subject);
    await page.getByRole('button', { name: 'Inloggen als ouder' }).click();
    await page.getByRole('heading', { name: 'Nieuwe aanvraag' }).waitFor();
    await page.getByRole('heading', { name: 'Mijn aanvragen' }).waitFor();
  });

  /** One application per need: the plain page has one child and one need per application. */
  async function apply(child: { firstName: string; birthDate: string }, category: string, euros: string): Promise<void> {
    await page.getByLabel('Gemeente').selectOption({ label: 'Leeuwarden' });
    await page.getByLabel('Postcode').fill(postcode);
    await page.getByLabel('Netto inkomen per maand (euro, zonder toeslagen)').fill('1450');
    await page.getByLabel('Voornaam kind').fill(child.firstName);
    await page.getByLabel('Geboortedatum kind').fill(child.birthDate);
    await page.getByLabel('Wat is er nodig?').selectOption({ label: category });
    await page.getByLabel('Bedrag (euro)').fill(euros);
    await page.getByLabel('E-mailadres').fill(email);
    await page.getByLabel(/Ik geef toestemming/).check();
    const submitted = page.waitForResponse((r) => r.url().endsWith('/api/v1/applications') && r.request().method() === 'POST');
    await page.getByRole('button', { name: 'Aanvraag versturen' }).click();
    expect((await submitted).status()).toBe(202);
  }

  it('applies for two children, one school trip each, and sees both routed to Stichting Leergeld', async () => {
    await checkA11y(page, 'application form');
    await screenshot(page, 'application-phone', { docs: true });
    await apply({ firstName: 'Sanne', birthDate: '2016-03-14' }, 'Schoolreis', '45');
    await expect(page.getByRole('alert').textContent()).resolves.toBe('');
    await apply({ firstName: 'Daan', birthDate: '2012-09-02' }, 'Schoolreis', '60');
    await reloadUntilVisible(page, () => page.getByText('school-trip: routed – Stichting Leergeld Leeuwarden'), 'both school trips routed to Leergeld', 2);
    await checkA11y(page, 'status page');
    await screenshot(page, 'status-phone', { docs: true });
  });

  it.todo('applies for two children and three needs step by step (household, children, needs, check, consent) and submits once');
  it.todo('sees every problem of a step at once, next to its field, before going on');

  describe('after the fund decided', () => {
    beforeAll(async () => {
      // Set-up through the API until the portal has the staff queue (see the todos below): Leergeld approves
      // Sanne's trip and declines Daan's with a reason, which moves Daan's trip on to Kinderhulp.
      const gateway = new ApiClient(gatewayUrl());
      const parent = await gateway.login('parent', subject);
      const staff = await gateway.login('fund-staff', uniqueId('anna'), { fundId: LEERGELD });
      const list = await parent.get<ApplicationList>('/api/v1/applications');
      const items = list.body.items.flatMap((a) => a.items);
      expect(items).toHaveLength(2);
      // Told apart by amount: €45 for Sanne's trip, €60 for Daan's.
      const trip = (name: 'Sanne' | 'Daan') => items.find((i) => i.amountCents === (name === 'Sanne' ? 4500 : 6000))!;
      expect((await staff.post(`/api/v1/funds/${LEERGELD}/requests/${trip('Sanne').id}/decision`, { decision: 'approve' })).status).toBe(200);
      const declined = await staff.post(`/api/v1/funds/${LEERGELD}/requests/${trip('Daan').id}/decision`, {
        decision: 'decline',
        reasonCode: 'over-annual-limit',
        message: 'Daan heeft dit jaar al een schoolreis vergoed gekregen.',
      });
      expect(declined.status).toBe(200);
    });

    it('sees the approval, and the declined trip moved on to Kinderhulp', async () => {
      await reloadUntilVisible(page, () => page.getByText('school-trip: approved – Stichting Leergeld Leeuwarden'), 'the approval');
      await reloadUntilVisible(page, () => page.getByText('school-trip: routed – Nationaal Fonds Kinderhulp'), 'the reroute to Kinderhulp');
      await checkA11y(page, 'status page after decisions');
      await screenshot(page, 'status-decided-phone');
    });

    it('reads the messages about both in the in-app inbox', async () => {
      const inbox = page.getByRole('heading', { name: 'Berichten' }).locator('xpath=following-sibling::ul[1]');
      await reloadUntilVisible(page, () => inbox.getByText('Stichting Leergeld Leeuwarden heeft uw aanvraag goedgekeurd'), 'the approval message');
      await reloadUntilVisible(page, () => inbox.getByText('Stichting Leergeld Leeuwarden heeft uw aanvraag afgewezen'), 'the decline message');
      await reloadUntilVisible(page, () => inbox.getByText('Uw aanvraag is nu bij Nationaal Fonds Kinderhulp'), 'the reroute message');
      await checkA11y(page, 'inbox');
    });

    it.todo('opens a message and reads the reason Leergeld gave for the decline');
  });

  it('switches the portal to English once: the heading changes and html[lang] is en', async () => {
    const heading = page.getByRole('heading', { level: 1 });
    await expect(heading.textContent()).resolves.toContain('Eén aanvraag');
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await expect(heading.textContent()).resolves.toBe('One application for what your child needs');
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');
    await page.getByRole('heading', { name: 'My applications' }).waitFor();
    await checkA11y(page, 'status page in English');
    // Back to Dutch, for whoever uses this browser profile next.
    await page.getByRole('button', { name: 'Nederlands' }).click();
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('nl');
  });

  it('raised no script errors on the way', () => {
    expect(pageErrors.get(page)).toEqual([]);
  });
});

describe('the same pages on a desktop', () => {
  it('sign-in and the application form', async () => {
    const page = await open('desktop');
    await checkA11y(page, 'sign-in (desktop)');
    await screenshot(page, 'sign-in-desktop', { docs: true });
    await page.getByLabel('Uw naam').fill(uniqueId('browser-parent'));
    await page.getByRole('button', { name: 'Inloggen als ouder' }).click();
    await page.getByRole('heading', { name: 'Nieuwe aanvraag' }).waitFor();
    await checkA11y(page, 'application form (desktop)');
    await screenshot(page, 'application-desktop', { docs: true });
    expect(pageErrors.get(page)).toEqual([]);
  });
});

describe('fund staff', () => {
  it.todo('sign in as fund staff of Stichting Leergeld Leeuwarden (development sign-in with the fund id) and see the queue');
  it.todo('open a request (detail: child, need, amount, provider, history) and approve it');
  it.todo('decline another request with a reason code and a message to the parent');
});

describe('an intermediary', () => {
  it.todo('signs in with a municipality and applies for a family, recording the parent\'s consent (name, how, when)');
  it.todo('sees only the applications they made; the parent sees it too');
});

afterAll(() => {
  // Every page visited was checked with axe (a failing check fails its own test).
  expect(checkedPages.length).toBeGreaterThan(0);
});
