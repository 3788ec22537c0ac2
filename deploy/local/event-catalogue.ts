/** Writes docs/event-catalogue.md from the contracts and the services' handlers, or with --check fails when it is stale. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderEventCatalogue } from '@fund-desk/contracts';
import { findRepoRoot, findTopicReaders } from '@fund-desk/testing';

const root = findRepoRoot(__dirname);
const file = join(root, 'docs', 'event-catalogue.md');
// The readers come from the services' handlers (run from dist/: the sources are read from the repository).
const text = renderEventCatalogue(findTopicReaders(root));
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
