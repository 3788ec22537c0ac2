import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { TOPICS } from '@fund-desk/contracts';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.spec.ts') ? [path] : [];
  });
}

const topicOf = (key: string): string => {
  const topic = (TOPICS as Record<string, string>)[key];
  if (!topic) throw new Error(`TOPICS.${key} is not a topic`);
  return topic;
};

/**
 * Which services read which topic, from their code: every `@HandlesTopic(TOPICS.x)` in services/<name>/src, and the
 * topics of uptake's feed (`UPTAKE_TOPICS = [TOPICS.x, …]`). The event catalogue's "read by" column is this.
 */
export function findTopicReaders(root: string): Record<string, string[]> {
  const readers: Record<string, Set<string>> = {};
  const services = join(root, 'services');
  for (const service of readdirSync(services).sort()) {
    const src = join(services, service, 'src');
    try {
      statSync(src);
    } catch {
      continue;
    }
    for (const file of sourceFiles(src)) {
      const text = readFileSync(file, 'utf8');
      const keys = [...text.matchAll(/@HandlesTopic\(TOPICS\.(\w+)\)/g)].map((m) => m[1]);
      const feed = /UPTAKE_TOPICS\s*=\s*\[([^\]]*)\]/.exec(text);
      if (feed) keys.push(...[...feed[1].matchAll(/TOPICS\.(\w+)/g)].map((m) => m[1]));
      for (const key of keys) (readers[topicOf(key)] ??= new Set()).add(service);
    }
  }
  return Object.fromEntries(Object.entries(readers).map(([topic, names]) => [topic, [...names].sort()]));
}
