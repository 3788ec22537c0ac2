/** Writes docs/event-catalogue.md from the contracts, or with --check fails when it is stale. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderEventCatalogue } from '@fund-desk/contracts';
import { findRepoRoot } from '@fund-desk/testing';

const file = join(findRepoRoot(__dirname), 'docs', 'event-catalogue.md');
const text = renderEventCatalogue();
if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(file, 'utf8');
  } catch {
    // missing counts as stale
  }
  if (current !== text) {
    console.error('docs/event-catalogue.md is stale: run npm run docs:events');
    process.exit(1);
  }
} else {
  writeFileSync(file, text);
  console.log(`wrote ${file}`);
}
