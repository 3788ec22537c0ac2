import { z } from 'zod';

export interface RegisterAnswer {
  composition: 'single' | 'single-parent' | 'couple';
  netMonthlyIncomeCents: number;
  socialAssistance: boolean;
  debtRelief: boolean;
}

export type RegisterResult = { kind: 'found'; answer: RegisterAnswer } | { kind: 'not-found' };

/** The register could not answer now (network error, timeout, 5xx, 408, 429): worth retrying later. */
export class RegisterUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RegisterUnavailable';
  }
}

export interface RegisterEndpoint {
  url: string;
  token: string;
}

const endpointSchema = z
  .object({
    url: z
      .string()
      .url()
      .refine((u) => /^https?:\/\//i.test(u), 'must be an http:// or https:// URL'),
    token: z.string().min(1),
  })
  .strict();

const endpointsSchema = z.record(z.string().regex(/^GM\d{4}$/, 'must be a municipality code like GM0080'), endpointSchema);

/**
 * Reads the register endpoints per municipality from configuration, e.g.
 * `{"GM0080":{"url":"http://127.0.0.1:3030/api/v1/registers/GM0080","token":"dev-register-token"}}`.
 * No value (or an empty one) means no registers. Errors name the problem, never a token.
 */
export function parseRegisterEndpoints(json: string | undefined): Record<string, RegisterEndpoint> {
  if (json === undefined || json.trim() === '') return {};
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    // JSON.parse's own message quotes the input, which holds tokens.
    throw new Error('Register endpoints are not valid JSON: expected {"GM0080":{"url":"https://…","token":"…"}}');
  }
  const parsed = endpointsSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new Error(`Register endpoints are not right: ${problems.join('; ')}`);
  }
  return Object.fromEntries(
    Object.entries(parsed.data).map(([code, e]) => [code, { url: e.url.replace(/\/+$/, ''), token: e.token }]),
  );
}

const answerSchema = z.object({
  bsn: z.string().optional(),
  composition: z.enum(['single', 'single-parent', 'couple']),
  netMonthlyIncomeCents: z.number().int().min(0).max(100_000_000),
  socialAssistance: z.boolean(),
  debtRelief: z.boolean(),
});

/** For messages: a BSN never appears whole, only its last two digits. */
export const maskBsn = (bsn: string): string => `…${bsn.slice(-2)}`;

/**
 * Asks a municipality's income register about one person. Transient trouble throws RegisterUnavailable;
 * an answer that can never succeed (bad token, rejected request, malformed body) throws a plain Error.
 * Neither a message nor anything logged holds the whole BSN.
 */
export class HttpRegisterClient {
  constructor(
    private readonly endpoints: Record<string, RegisterEndpoint>,
    private readonly timeoutMs: number,
  ) {
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new Error('The register timeout must be a positive number of milliseconds');
  }

  /** The municipalities with a register configured. */
  municipalities(): string[] {
    return Object.keys(this.endpoints);
  }

  has(municipalityCode: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.endpoints, municipalityCode);
  }

  async lookup(municipalityCode: string, bsn: string): Promise<RegisterResult> {
    if (!this.has(municipalityCode)) throw new Error(`No register is configured for municipality ${municipalityCode}`);
    if (!/^\d{9}$/.test(bsn)) throw new Error(`Not a BSN (${maskBsn(bsn)}): a BSN has nine digits`);
    const { url, token } = this.endpoints[municipalityCode];
    const register = `The register of ${municipalityCode}`;
    const signal = AbortSignal.timeout(this.timeoutMs);

    let response: Response;
    try {
      response = await fetch(`${url}/persons/${encodeURIComponent(bsn)}/income-situation`, {
        headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
        redirect: 'manual',
        signal,
      });
    } catch (error) {
      throw this.unreachable(register, error);
    }

    const { status } = response;
    if (status === 200) {
      let text: string;
      try {
        text = await response.text();
      } catch (error) {
        throw this.unreachable(register, error);
      }
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        throw new Error(`${register} answered 200 with a body that is not JSON`);
      }
      const parsed = answerSchema.safeParse(body);
      if (!parsed.success) {
        // Paths only: the values are a person's data.
        const fields = [...new Set(parsed.error.issues.map((i) => i.path.join('.') || '(body)'))];
        throw new Error(`${register} answered 200 with an unexpected body (fields: ${fields.join(', ')})`);
      }
      const { bsn: answeredFor, ...answer } = parsed.data;
      if (answeredFor !== undefined && answeredFor !== bsn) throw new Error(`${register} answered about another person than asked`);
      return { kind: 'found', answer };
    }

    discard(response);
    if (status === 404) return { kind: 'not-found' };
    if (status === 401 || status === 403) {
      throw new Error(`${register} refused fund-desk's credentials (HTTP ${status}): check the token configured for ${municipalityCode}`);
    }
    if (status === 400) throw new Error(`${register} rejected the request (HTTP 400): the BSN ending in ${maskBsn(bsn)} may not be valid`);
    if (status >= 500 || status === 429 || status === 408) throw new RegisterUnavailable(`${register} is unavailable (HTTP ${status})`);
    throw new Error(`${register} answered with unexpected HTTP ${status}`);
  }

  /** Network errors and timeouts, named by kind only: fetch's own messages can quote the URL, which holds the BSN. */
  private unreachable(register: string, error: unknown): RegisterUnavailable {
    const name = (error as { name?: string } | null)?.name;
    if (name === 'TimeoutError' || name === 'AbortError') return new RegisterUnavailable(`${register} did not answer within ${this.timeoutMs} ms`);
    const code = (error as { cause?: { code?: unknown } } | null)?.cause?.code;
    return new RegisterUnavailable(`${register} could not be reached${typeof code === 'string' ? ` (${code})` : ''}`);
  }
}

/** Frees the connection of an answer whose body is not needed. */
function discard(response: Response): void {
  response.body?.cancel().catch(() => undefined);
}
