import { z } from 'zod';
import { EVENT_DEFINITIONS } from './registry';
import { TOPIC_SPECS } from './topics';

function shape(schema: z.ZodTypeAny, indent = ''): string[] {
  const def = schema._def as { typeName: string };
  switch (def.typeName) {
    case 'ZodObject': {
      const lines: string[] = [];
      for (const [name, field] of Object.entries((schema as z.ZodObject<z.ZodRawShape>).shape)) {
        const inner = field as z.ZodTypeAny;
        lines.push(`${indent}- \`${name}\`${inner.isOptional() ? ' (optional)' : ''}: ${typeName(inner)}`);
        lines.push(...nested(inner, indent + '  '));
      }
      return lines;
    }
    default:
      return [];
  }
}

function unwrap(schema: z.ZodTypeAny): z.ZodTypeAny {
  const def = schema._def as { typeName: string; innerType?: z.ZodTypeAny };
  if ((def.typeName === 'ZodOptional' || def.typeName === 'ZodNullable') && def.innerType) return unwrap(def.innerType);
  return schema;
}

function nested(schema: z.ZodTypeAny, indent: string): string[] {
  const inner = unwrap(schema);
  const def = inner._def as { typeName: string; type?: z.ZodTypeAny };
  if (def.typeName === 'ZodObject') return shape(inner, indent);
  if (def.typeName === 'ZodArray' && def.type) return nested(def.type, indent);
  return [];
}

function typeName(schema: z.ZodTypeAny): string {
  const inner = unwrap(schema);
  const def = inner._def as { typeName: string; values?: readonly string[]; type?: z.ZodTypeAny };
  const nullable = (schema._def as { typeName: string }).typeName === 'ZodNullable' ? ' or null' : '';
  switch (def.typeName) {
    case 'ZodString':
      return 'string' + nullable;
    case 'ZodNumber':
      return 'number' + nullable;
    case 'ZodBoolean':
      return 'boolean' + nullable;
    case 'ZodEnum':
      return (def.values ?? []).map((v) => `\`${v}\``).join(' \\| ') + nullable;
    case 'ZodArray':
      return `list of ${def.type ? typeName(def.type) : 'values'}` + nullable;
    case 'ZodObject':
      return 'object' + nullable;
    default:
      return 'value' + nullable;
  }
}

/**
 * The event catalogue as Markdown, generated from the contracts and, for who reads each topic, from the services' code
 * (deploy/local/event-catalogue.ts finds their handlers): docs/event-catalogue.md is this text.
 */
export function renderEventCatalogue(readers: Record<string, string[]> = {}): string {
  const out: string[] = [
    '# Event catalogue',
    '',
    '<!-- Generated from libs/contracts and the services\' handlers by `npm run docs:events`; a test fails when this file is stale. -->',
    '',
    'Every event travels in one envelope: `id` (UUID, unique), `type`, `schemaVersion`, `occurredAt`,',
    '`correlationId` (the application), `causationId` (the event that caused it, or null), `producer`,',
    '`key` (the aggregate id, also the Kafka message key) and `payload`. Producers and consumers both check',
    'the envelope and the payload against the schemas in `libs/contracts`.',
    '',
    '## Topics',
    '',
    '| topic | partitions | keyed by | read by | what it carries |',
    '| --- | --- | --- | --- | --- |',
    ...TOPIC_SPECS.map(
      (t) => `| \`${t.name}\` | ${t.partitions} | ${t.keyedBy} | ${[...(readers[t.name] ?? []), ...(t.otherReaders ?? [])].join(', ') || '—'} | ${t.description} |`,
    ),
    '',
    '## Events',
  ];
  for (const d of EVENT_DEFINITIONS) {
    out.push('', `### \`${d.type}\` v${d.version}`, '', d.description, '', `Topic \`${d.topic}\`, key: \`${d.keyField}\`.`, '');
    out.push(...shape(d.payload));
  }
  out.push('');
  return out.join('\n');
}
