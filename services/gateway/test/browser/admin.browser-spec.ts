import type { Browser, BrowserContext, Page } from 'playwright-core';
import { checkA11y, checkedPages, gatewayUrl, launchBrowser, newPage, pageErrors, screenshot } from './support';

/**
 * The administrator's pages in a real browser, through the gateway of the system the jest global set-up started:
 * the funds, the social-assistance norms and the municipalities' income limits. Every page is checked with axe.
 *
 * The system is shared with the other test files, so nothing here changes what they rely on: a municipality's limit
 * is saved with the value it already has, and the norms tried are invalid (refused, nothing is stored).
 */
jest.setTimeout(120_000);

let browser: Browser;
let context: BrowserContext;
let admin: Page;

async function onPage(page: Page, name: string | RegExp): Promise<void> {
  await page.getByRole('heading', { level: 1, name }).waitFor();
  await page.getByText('Even geduld, we halen de gegevens op…').waitFor({ state: 'detached' });
}

const nav = (page: Page) => page.getByRole('navigation', { name: 'Hoofdmenu' });
const focusedId = (page: Page) => page.locator(':focus').getAttribute('id');

/** The error message shown with a field: the element its input names in aria-describedby, marked invalid. */
async function errorOf(page: Page, label: string): Promise<string> {
  const input = page.getByLabel(label, { exact: true });
  await expect(input.getAttribute('aria-invalid')).resolves.toBe('true');
  const id = await input.getAttribute('id');
  return (await page.locator(`#${id}-error`).innerText()).trim();
}

beforeAll(async () => {
  browser = await launchBrowser();
  ({ context, page: admin } = await newPage(browser, 'desktop'));
  await admin.goto(`${gatewayUrl()}/`);
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
});

describe('an administrator', () => {
  it('signs in with the development sign-in and sees the funds', async () => {
    await onPage(admin, 'Inloggen');
    await admin.getByRole('radio', { name: 'beheerder' }).check();
    await admin.getByLabel('Uw naam').fill('petra.beheer');
    await admin.getByRole('button', { name: 'Inloggen' }).click();
    await onPage(admin, 'Fondsen');
    await admin.getByRole('link', { name: /Leergeld Leeuwarden/ }).first().waitFor();
    for (const link of ['Fondsen', 'Normen', 'Gemeenten']) await nav(admin).getByRole('link', { name: link, exact: true }).waitFor();
    await checkA11y(admin, 'admin: funds');
    await screenshot(admin, 'admin-funds-desktop', { docs: true });
  });

  it('opens Normen with the keyboard and sees the norms per household', async () => {
    await nav(admin).getByRole('link', { name: 'Normen', exact: true }).focus();
    await admin.keyboard.press('Enter');
    await onPage(admin, 'Normen');
    const table = admin.getByRole('table', { name: 'Bijstandsnormen per gezin, de nieuwste eerst' });
    for (const composition of ['Alleenstaand', 'Alleenstaande ouder', 'Gehuwd of samenwonend']) await table.getByRole('cell', { name: composition, exact: true }).first().waitFor();
    await table.getByText('geldt nu').first().waitFor();
    await expect(nav(admin).getByRole('link', { name: 'Normen', exact: true }).getAttribute('aria-current')).resolves.toBe('page');
    await checkA11y(admin, 'admin: norms');
    await screenshot(admin, 'admin-norms-desktop', { docs: true });
  });

  it('submits norms with an empty amount: the error is next to the field and in the summary', async () => {
    await admin.getByLabel('Geldig vanaf', { exact: true }).fill('2099-01-01');
    await admin.getByLabel('Alleenstaand (euro per maand)', { exact: true }).fill('1500');
    await admin.getByLabel('Gehuwd of samenwonend (euro per maand)', { exact: true }).fill('2100,50');
    await admin.getByRole('button', { name: 'Normen toevoegen' }).click();

    const summary = admin.getByRole('alert').filter({ hasText: 'Er gaat iets mis' });
    await summary.waitFor();
    await expect(summary.getByRole('link').count()).resolves.toBe(1);
    await expect(errorOf(admin, 'Alleenstaande ouder (euro per maand)')).resolves.toContain('Vul een bedrag in euro in');
    await checkA11y(admin, 'admin: norms, with an error');

    // The summary's link takes the keyboard to the field.
    await summary.getByRole('link', { name: /Alleenstaande ouder/ }).focus();
    await admin.keyboard.press('Enter');
    await expect(focusedId(admin)).resolves.toBe('f-singleParent');
  });

  it('submits norms the API refuses (an amount of 0): its error is next to the field, nothing is stored', async () => {
    await admin.getByLabel('Alleenstaande ouder (euro per maand)', { exact: true }).fill('0');
    await admin.getByRole('button', { name: 'Normen toevoegen' }).click();
    await admin.getByRole('alert').filter({ hasText: 'Er gaat iets mis' }).getByRole('link', { name: /Dit getal is te klein/ }).waitFor();
    await expect(errorOf(admin, 'Alleenstaande ouder (euro per maand)')).resolves.toBe('Dit getal is te klein');
    await expect(admin.getByText('1 januari 2099').count()).resolves.toBe(0);
  });

  it('opens Gemeenten and sees each income limit', async () => {
    await nav(admin).getByRole('link', { name: 'Gemeenten', exact: true }).click();
    await onPage(admin, 'Gemeenten');
    const row = admin.getByRole('table', { name: 'Inkomensgrens per gemeente' }).getByRole('row', { name: /Leeuwarden/ });
    await row.getByRole('cell', { name: 'GM0080' }).waitFor();
    await checkA11y(admin, 'admin: municipalities');
    await screenshot(admin, 'admin-municipalities-desktop', { docs: true });
  });

  it('is told next to the field when a limit is out of range', async () => {
    await admin.getByLabel('Gemeente', { exact: true }).selectOption({ label: 'Leeuwarden' });
    await admin.getByLabel('Inkomensgrens (% van de bijstandsnorm)', { exact: true }).fill('250');
    await admin.getByRole('button', { name: 'Opslaan' }).click();
    await admin.getByRole('alert').filter({ hasText: 'Er gaat iets mis' }).waitFor();
    await expect(errorOf(admin, 'Inkomensgrens (% van de bijstandsnorm)')).resolves.toBe('Dit getal is te groot');
    await checkA11y(admin, 'admin: municipalities, with an error');
  });

  it("saves Leeuwarden's limit with the value it has and sees the confirmation", async () => {
    const row = admin.getByRole('table', { name: 'Inkomensgrens per gemeente' }).getByRole('row', { name: /Leeuwarden/ });
    const percent = (await row.getByRole('cell', { name: /%$/ }).innerText()).trim().replace('%', '');
    expect(percent).toMatch(/^\d+$/);
    // Choosing the municipality again puts its current values back in the form.
    await admin.getByLabel('Gemeente', { exact: true }).selectOption({ label: 'Eindhoven' });
    await admin.getByLabel('Gemeente', { exact: true }).selectOption({ label: 'Leeuwarden' });
    await expect(admin.getByLabel('Inkomensgrens (% van de bijstandsnorm)', { exact: true }).inputValue()).resolves.toBe(percent);
    await admin.getByRole('button', { name: 'Opslaan' }).click();
    await admin.getByRole('status').filter({ hasText: `Opgeslagen: de inkomensgrens van Leeuwarden is ${percent}%` }).waitFor();
    await expect(admin.getByRole('alert').count()).resolves.toBe(0);
    await checkA11y(admin, 'admin: municipalities, saved');
  });

  it('reads Gemeenten in English too', async () => {
    await admin.getByRole('button', { name: 'English' }).click();
    await onPage(admin, 'Municipalities');
    await admin.getByRole('table', { name: 'Income limit per municipality' }).waitFor();
    await admin.getByLabel('Income limit (% of the social-assistance norm)', { exact: true }).waitFor();
    await checkA11y(admin, 'admin: municipalities (English)');
    await admin.getByRole('button', { name: 'Nederlands' }).click();
    await onPage(admin, 'Gemeenten');
  });
});

describe('on every admin page', () => {
  it('the portal raised no script errors', () => {
    expect((pageErrors.get(admin) ?? []).map((e) => e.message)).toEqual([]);
  });

  it('axe checked every page visited', () => {
    expect(checkedPages.length).toBeGreaterThanOrEqual(7);
  });
});
