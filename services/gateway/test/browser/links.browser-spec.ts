import type { Browser, BrowserContext, Page } from 'playwright-core';
import { uniqueId } from '@fund-desk/testing';
import { checkA11y, gatewayUrl, launchBrowser, newPage, pageErrors } from './support';

/**
 * A school social worker asks a family to link, the parent confirms in the portal, and the worker then has the
 * family on their list; the parent can stop it again. Both sign in with the development sign-in (Keycloak's pages
 * are covered by keycloak.browser-spec.ts).
 */
jest.setTimeout(120_000);

let browser: Browser;
const contexts: BrowserContext[] = [];

const onPage = async (page: Page, name: string | RegExp) => {
  await page.getByRole('heading', { level: 1, name }).waitFor();
  // Whatever the page still loads (a page may load several parts, each saying so) is gone.
  const loading = page.getByText('Even geduld, we halen de gegevens op…');
  for (let i = 0; i < 150 && (await loading.count()) > 0; i++) await page.waitForTimeout(100);
};

async function signedIn(role: string, name: string, municipality?: string): Promise<Page> {
  const { context, page } = await newPage(browser, 'desktop');
  contexts.push(context);
  await page.goto(`${gatewayUrl()}/sign-in`);
  await onPage(page, 'Inloggen');
  await page.getByRole('radio', { name: role }).check();
  await page.getByLabel('Uw naam').fill(name);
  if (municipality) await page.getByLabel('Gemeente waar u werkt').selectOption({ label: municipality });
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await page.getByRole('navigation', { name: 'Hoofdmenu' }).waitFor();
  return page;
}

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await Promise.all(contexts.map((c) => c.close()));
  await browser?.close();
});

describe('a family and the social worker who helps them', () => {
  it('the worker asks, the parent confirms, the worker sees the family; the parent stops it', async () => {
    const parentName = uniqueId('ouder');
    const parent = await signedIn('ouder', parentName);
    await parent.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Mijn hulpverleners' }).click();
    await onPage(parent, 'Mijn hulpverleners');
    // The account number the parent gives the worker.
    const account = await parent.locator('.account-id').textContent();
    expect(account).toBe(parentName);

    const worker = await signedIn('hulpverlener', uniqueId('smw'), 'Leeuwarden');
    await worker.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Gezinnen' }).click();
    await onPage(worker, 'Gezinnen die ik help');
    await worker.getByRole('button', { name: 'Koppeling vragen' }).click();
    await worker.getByText('Vul het accountnummer van de ouder in').first().waitFor();
    await worker.getByLabel('Accountnummer van de ouder').fill(account!);
    await worker.getByRole('button', { name: 'Koppeling vragen' }).click();
    await worker.getByText('De koppeling is gevraagd.').waitFor();
    await worker.getByRole('cell', { name: 'gevraagd', exact: true }).waitFor();
    await checkA11y(worker, 'family links (intermediary)');

    await parent.reload();
    await onPage(parent, 'Mijn hulpverleners');
    await parent.getByRole('button', { name: 'Bevestigen' }).click();
    await parent.getByText('De koppeling is bevestigd.').waitFor();
    await parent.getByRole('cell', { name: 'bevestigd', exact: true }).waitFor();
    await checkA11y(parent, 'family links (parent)');

    await worker.reload();
    await onPage(worker, 'Gezinnen die ik help');
    await worker.getByRole('cell', { name: 'bevestigd', exact: true }).waitFor();

    await parent.getByRole('button', { name: 'Stoppen' }).click();
    await parent.getByText('De koppeling is gestopt.').waitFor();
    await worker.reload();
    await onPage(worker, 'Gezinnen die ik help');
    await worker.getByRole('cell', { name: 'gestopt', exact: true }).waitFor();
    expect([...(pageErrors.get(parent) ?? []), ...(pageErrors.get(worker) ?? [])]).toEqual([]);
  });
});
