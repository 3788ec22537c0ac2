/**
 * The portal on this machine: gzipped JavaScript size, and time until the sign-in page is usable (its
 * heading shown and the sign-in button ready) in Debian's Chromium on a phone-sized viewport, each load in a
 * fresh browser context (nothing cached).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { launchSystem, uniqueId } from '@fund-desk/testing';

export async function benchPortal(root: string, loads = 10): Promise<string[]> {
  const assets = join(root, 'dist', 'portal', 'assets');
  const js = readdirSync(assets).filter((f) => f.endsWith('.js'));
  const gzipped = js.reduce((sum, f) => sum + gzipSync(readFileSync(join(assets, f))).length, 0);
  const system = await launchSystem({
    namespace: uniqueId('bench-portal'),
    basePort: 19_300,
    gatewayPort: 19_380,
    logDir: join(root, '.local', 'bench-logs', 'portal'),
    consumeFromBeginning: false,
    repoRoot: root,
    only: ['gateway'],
  });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: process.getuid?.() === 0 ? ['--no-sandbox'] : [] });
  try {
    const times: number[] = [];
    for (let i = 0; i < loads; i++) {
      const context = await browser.newContext({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true });
      const page = await context.newPage();
      const t0 = Date.now();
      await page.goto(`${system.gatewayUrl}/`);
      await page.getByRole('heading', { level: 1 }).waitFor();
      await page.getByRole('button', { name: 'Inloggen' }).waitFor();
      times.push(Date.now() - t0);
      await context.close();
    }
    times.sort((a, b) => a - b);
    return [
      `portal JavaScript: ${(gzipped / 1024).toFixed(1)} KiB gzipped (${js.length} file${js.length === 1 ? '' : 's'})`,
      `portal sign-in page usable (phone viewport, no cache, ${loads} loads): p50 ${times[Math.floor(loads / 2)]} ms, max ${times[loads - 1]} ms`,
    ];
  } finally {
    await browser.close();
    await system.stop();
  }
}
