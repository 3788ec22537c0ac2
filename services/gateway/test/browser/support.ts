import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import { findRepoRoot } from '@fund-desk/testing';

/**
 * Helpers for the browser tests: Debian's Chromium driven by playwright-core (which never downloads a browser),
 * an axe-core check per page, and screenshots.
 */
const root = findRepoRoot(__dirname);

/** Where the system the jest global set-up started serves the portal. */
export function gatewayUrl(): string {
  const url = process.env.E2E_GATEWAY_URL;
  if (!url) throw new Error('E2E_GATEWAY_URL is not set: run the browser tests through jest (the global set-up starts the system)');
  return url;
}

/** One browser per test file: headless Debian Chromium (deploy/local/chromium installs it, npm test sets CHROMIUM_PATH). */
export function launchBrowser(): Promise<Browser> {
  const asRoot = process.getuid?.() === 0;
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    // Chromium refuses to run as root with its sandbox; as anyone else it keeps it.
    chromiumSandbox: !asRoot,
    args: [
      ...(asRoot ? ['--no-sandbox'] : []),
      // Nothing but the portal: no calls home, which a closed network refuses many at a time.
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
    ],
  });
}

export type Device = 'phone' | 'desktop';

const DEVICES = {
  phone: { viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
  desktop: { viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1, isMobile: false, hasTouch: false },
} as const;

/** Uncaught errors in the portal's own script, per page: a test checks there were none. */
export const pageErrors = new WeakMap<Page, Error[]>();

/**
 * A fresh context (own storage: one person signed in) with a page on it, in Dutch as a parent's browser would be.
 * bypassCSP: axe is injected as a script tag, which a strict Content-Security-Policy of the portal would refuse.
 */
export async function newPage(browser: Browser, device: Device = 'phone'): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ ...DEVICES[device], locale: 'nl-NL', timezoneId: 'Europe/Amsterdam', bypassCSP: true });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const errors: Error[] = [];
  pageErrors.set(page, errors);
  page.on('pageerror', (error) => errors.push(error));
  return { context, page };
}

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const BLOCKING = new Set(['serious', 'critical']);

interface AxeNode {
  target: unknown[];
  html: string;
  failureSummary?: string;
}
interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: AxeNode[];
}

/** The pages checked so far in this file, for the test that says every page visited was checked. */
export const checkedPages: string[] = [];

/**
 * Runs axe-core (WCAG 2.0/2.1 A and AA) on the page as it is now and fails on every serious or critical
 * violation, listing rule, element and what to fix; moderate and minor ones are printed, not failed on.
 */
export async function checkA11y(page: Page, name: string): Promise<void> {
  const loaded = await page.evaluate(() => typeof (globalThis as any).axe !== 'undefined');
  if (!loaded) await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  const violations = await page.evaluate(
    async (tags) => {
      const result = await (globalThis as any).axe.run((globalThis as any).document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
      return result.violations as unknown;
    },
    AXE_TAGS,
  ) as AxeViolation[];
  checkedPages.push(name);
  const describe = (v: AxeViolation) =>
    [
      `  [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})`,
      ...v.nodes.slice(0, 5).map((n) => `      ${n.target.join(' ')}  ${n.html.slice(0, 160)}\n        ${(n.failureSummary ?? '').replace(/\n/g, '\n        ')}`),
      ...(v.nodes.length > 5 ? [`      … and ${v.nodes.length - 5} more`] : []),
    ].join('\n');
  const blocking = violations.filter((v) => BLOCKING.has(v.impact ?? ''));
  const other = violations.filter((v) => !BLOCKING.has(v.impact ?? ''));
  if (other.length) console.warn(`axe, ${name} (${page.url()}): ${other.length} moderate/minor\n${other.map(describe).join('\n')}`);
  if (blocking.length) {
    throw new Error(`axe: ${blocking.length} serious or critical accessibility violation(s) on "${name}" (${page.url()}):\n${blocking.map(describe).join('\n')}`);
  }
}

const SCREENSHOTS = join(root, '.local', 'screenshots');
const DOCS = join(root, 'docs', 'portal');

/**
 * A PNG of the whole page in `.local/screenshots/<name>.png` (git-ignored); with `docs: true` (the main pages
 * only) and `UPDATE_DOCS_SCREENSHOTS=1` also copied to `docs/portal/<name>.png`, committed so the docs show
 * the portal (only on request: an ordinary test run leaves the committed files alone). CSS pixels, not device
 * pixels, to keep the files small.
 */
export async function screenshot(page: Page, name: string, options: { docs?: boolean } = {}): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const file = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true, scale: 'css', animations: 'disabled', caret: 'hide' });
  if (options.docs && process.env.UPDATE_DOCS_SCREENSHOTS === '1') {
    mkdirSync(DOCS, { recursive: true });
    copyFileSync(file, join(DOCS, `${name}.png`));
  }
  return file;
}
