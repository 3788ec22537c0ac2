import type { Browser, Page } from 'playwright-core';
import { uniqueId } from '@fund-desk/testing';
import { gatewayUrl, launchBrowser } from './support';

/**
 * The portal under its own Content-Security-Policy (no 'unsafe-inline'), as a real browser enforces it: the other
 * browser tests bypass the policy to inject axe, so this one looks for violations on the pages people use.
 */
jest.setTimeout(120_000);

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

type Watched = { cspViolations?: string[] };

async function watched(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const web = globalThis as unknown as Watched & { document: { addEventListener: (type: string, fn: (e: { violatedDirective: string; blockedURI: string }) => void) => void } };
    web.cspViolations = [];
    web.document.addEventListener('securitypolicyviolation', (e) => web.cspViolations!.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
}

const violations = (page: Page) => page.evaluate(() => (globalThis as unknown as Watched).cspViolations ?? []);

describe('the portal under its Content-Security-Policy', () => {
  it('signs in, shows the applications, the application form and a fund queue without a single violation', async () => {
    const context = await browser.newContext({ locale: 'nl-NL', viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await watched(page);
    const response = await page.goto(`${gatewayUrl()}/sign-in`);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.getByRole('heading', { level: 1, name: 'Inloggen' }).waitFor();
    await page.getByRole('radio', { name: 'ouder' }).check();
    await page.getByLabel('Uw naam').fill(uniqueId('csp'));
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Mijn aanvragen' }).waitFor();
    await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Nieuwe aanvraag' }).click();
    await page.getByRole('heading', { level: 1, name: 'Aanvraag doen' }).waitFor();
    expect(await violations(page)).toEqual([]);

    const staff = await context.newPage();
    await watched(staff);
    await staff.goto(`${gatewayUrl()}/sign-in`);
    await staff.evaluate(() => (globalThis as unknown as { sessionStorage: { clear(): void } }).sessionStorage.clear());
    await staff.reload();
    await staff.getByRole('heading', { level: 1, name: 'Inloggen' }).waitFor();
    await staff.getByRole('radio', { name: 'medewerker van een fonds' }).check();
    await staff.getByLabel('Uw naam').fill(uniqueId('csp-staff'));
    await staff.getByLabel('Fonds', { exact: true }).selectOption({ label: 'Leergeld Leeuwarden' });
    await staff.getByRole('button', { name: 'Inloggen' }).click();
    await staff.getByRole('heading', { level: 1, name: /^Aanvragen voor/ }).waitFor();
    await staff.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Budget' }).click();
    await staff.getByRole('heading', { level: 1, name: /^Budget van/ }).waitFor();
    expect(await violations(staff)).toEqual([]);
    await context.close();
  });
});
