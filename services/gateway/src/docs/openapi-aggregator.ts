import type { OpenAPIObject } from '@nestjs/swagger';

interface Source {
  name: string;
  url: string;
}

/**
 * The whole public API in one OpenAPI document: the gateway's own paths plus every service's, fetched
 * from their /docs-json (services already serve their paths under /api/v1). A service that does not
 * answer is left out until it does, and the document says so.
 */
export class OpenApiAggregator {
  private cache: { at: number; document: OpenAPIObject } | null = null;

  constructor(
    private readonly own: OpenAPIObject,
    private readonly sources: Source[],
    private readonly ttlMs = 10_000,
  ) {}

  async document(): Promise<OpenAPIObject> {
    if (this.cache && Date.now() - this.cache.at < this.ttlMs) return this.cache.document;
    const merged: OpenAPIObject = JSON.parse(JSON.stringify(this.own));
    merged.info = { ...merged.info, title: 'fund-desk public API', description: 'Everything a client can call, through the gateway at /api/v1.' };
    merged.components = merged.components ?? {};
    merged.components.schemas = merged.components.schemas ?? {};
    const missing: string[] = [];
    await Promise.all(
      this.sources.map(async (source) => {
        try {
          const response = await fetch(`${source.url}/docs-json`, { signal: AbortSignal.timeout(2000) });
          if (!response.ok) throw new Error(String(response.status));
          const doc = (await response.json()) as OpenAPIObject;
          Object.assign(merged.paths, doc.paths);
          Object.assign(merged.components!.schemas!, doc.components?.schemas ?? {});
          merged.tags = [...(merged.tags ?? []), ...(doc.tags ?? [])];
        } catch {
          missing.push(source.name);
        }
      }),
    );
    if (missing.length) merged.info.description += ` Not answering right now: ${missing.sort().join(', ')}.`;
    else this.cache = { at: Date.now(), document: merged };
    return merged;
  }
}
