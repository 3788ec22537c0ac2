import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpRegisterClient, parseRegisterEndpoints, RegisterUnavailable } from './register.client';

const BSN = '999990019';
const TOKEN = 'test-register-token';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** A real HTTP server on a free port; each test says how it answers. */
let server: Server;
let baseUrl: string;
let handler: Handler;
let received: { url?: string; authorization?: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    received.push({ url: req.url, authorization: req.headers.authorization });
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  received = [];
});

const json = (status: number, body: unknown, type = 'application/json'): Handler => (_req, res) => {
  res.writeHead(status, { 'content-type': type });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
};

const client = (timeoutMs = 1000) =>
  new HttpRegisterClient({ GM0080: { url: `${baseUrl}/api/v1/registers/GM0080`, token: TOKEN } }, timeoutMs);

/** Every error a test sees, to check afterwards that none of them holds the whole BSN. */
const seen: unknown[] = [];
async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    seen.push(error);
    return error as Error;
  }
  throw new Error('expected the lookup to fail');
}

const found = {
  bsn: BSN,
  municipalityCode: 'GM0080',
  composition: 'single-parent',
  netMonthlyIncomeCents: 145000,
  socialAssistance: false,
  debtRelief: true,
  checkedAt: '2025-06-01T10:00:00.000Z',
};

describe('HttpRegisterClient', () => {
  it('returns the answer of a person the register knows, asking with the bearer token', async () => {
    handler = json(200, found);
    await expect(client().lookup('GM0080', BSN)).resolves.toEqual({
      kind: 'found',
      answer: { composition: 'single-parent', netMonthlyIncomeCents: 145000, socialAssistance: false, debtRelief: true },
    });
    expect(received).toEqual([{ url: `/api/v1/registers/GM0080/persons/${BSN}/income-situation`, authorization: `Bearer ${TOKEN}` }]);
  });

  it('answers not-found on 404', async () => {
    handler = json(404, { status: 404, code: 'NOT_FOUND' }, 'application/problem+json');
    await expect(client().lookup('GM0080', BSN)).resolves.toEqual({ kind: 'not-found' });
  });

  it.each([503, 500, 502, 429])('throws RegisterUnavailable on %i', async (status) => {
    handler = json(status, { status });
    const error = await failure(client().lookup('GM0080', BSN));
    expect(error).toBeInstanceOf(RegisterUnavailable);
    expect(error.message).toContain(`HTTP ${status}`);
  });

  it('throws RegisterUnavailable when the register does not answer in time', async () => {
    handler = (_req, res) => void setTimeout(() => json(200, found)(_req, res), 2000).unref();
    const started = Date.now();
    const error = await failure(client(150).lookup('GM0080', BSN));
    expect(error).toBeInstanceOf(RegisterUnavailable);
    expect(error.message).toMatch(/did not answer within 150 ms/);
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('throws RegisterUnavailable when the register cannot be reached', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const unreachable = new HttpRegisterClient({ GM0080: { url: `http://127.0.0.1:${port}/r`, token: TOKEN } }, 1000);
    const error = await failure(unreachable.lookup('GM0080', BSN));
    expect(error).toBeInstanceOf(RegisterUnavailable);
    expect(error.message).toMatch(/could not be reached/);
  });

  it.each([401, 403])('throws a plain Error, not RegisterUnavailable, on %i', async (status) => {
    handler = json(status, { status });
    const error = await failure(client().lookup('GM0080', BSN));
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(RegisterUnavailable);
    expect(error.message).toMatch(/credentials/);
  });

  it('throws a plain Error on 400, naming only the last two digits of the BSN', async () => {
    handler = json(400, { status: 400 });
    const error = await failure(client().lookup('GM0080', BSN));
    expect(error).not.toBeInstanceOf(RegisterUnavailable);
    expect(error.message).toContain('…19');
  });

  it('throws a plain Error on a body that is not JSON', async () => {
    handler = json(200, `{"bsn":"${BSN}", "composition": `);
    const error = await failure(client().lookup('GM0080', BSN));
    expect(error).not.toBeInstanceOf(RegisterUnavailable);
    expect(error.message).toMatch(/not JSON/);
  });

  it('throws a plain Error on JSON of the wrong shape, naming the fields but not their values', async () => {
    handler = json(200, { ...found, netMonthlyIncomeCents: '145000', composition: 'household-of-' + BSN });
    const error = await failure(client().lookup('GM0080', BSN));
    expect(error).not.toBeInstanceOf(RegisterUnavailable);
    expect(error.message).toMatch(/composition/);
    expect(error.message).toMatch(/netMonthlyIncomeCents/);
  });

  it('throws when the register answers about another person', async () => {
    handler = json(200, { ...found, bsn: '999990032' });
    const error = await failure(client().lookup('GM0080', BSN));
    expect(error).not.toBeInstanceOf(RegisterUnavailable);
  });

  it('knows which municipalities have a register, and asks none for another one', async () => {
    handler = json(200, found);
    expect(client().has('GM0080')).toBe(true);
    expect(client().has('GM0772')).toBe(false);
    expect(client().has('toString')).toBe(false);
    expect(client().municipalities()).toEqual(['GM0080']);
    await failure(client().lookup('GM0772', BSN));
    await failure(client().lookup('GM0080', `${BSN}/../../x`));
    expect(received).toEqual([]);
  });

  it('never puts the whole BSN in an error message', () => {
    expect(seen.length).toBeGreaterThanOrEqual(10);
    for (const error of seen) {
      expect(String((error as Error).message)).not.toContain(BSN);
      expect(String((error as Error).stack)).not.toContain(BSN);
    }
  });
});

describe('parseRegisterEndpoints', () => {
  it('reads endpoints per municipality, without a trailing slash', () => {
    expect(
      parseRegisterEndpoints('{"GM0080":{"url":"http://127.0.0.1:3030/api/v1/registers/GM0080/","token":"dev-register-token"}}'),
    ).toEqual({ GM0080: { url: 'http://127.0.0.1:3030/api/v1/registers/GM0080', token: 'dev-register-token' } });
  });

  it('reads no value as no registers', () => {
    expect(parseRegisterEndpoints(undefined)).toEqual({});
    expect(parseRegisterEndpoints(' ')).toEqual({});
  });

  it('throws a clear error on JSON that does not parse, without quoting it', () => {
    expect(() => parseRegisterEndpoints('{"GM0080":{"token":"secret-token"')).toThrow(/not valid JSON/);
    expect(() => parseRegisterEndpoints('{"GM0080":{"token":"secret-token"')).not.toThrow(/secret-token/);
  });

  it.each([
    ['an array', '[]', /\(root\)/],
    ['a bad municipality code', '{"Leeuwarden":{"url":"http://x","token":"t"}}', /municipality code/],
    ['a missing token', '{"GM0080":{"url":"http://x"}}', /GM0080\.token/],
    ['an empty token', '{"GM0080":{"url":"http://x","token":""}}', /GM0080\.token/],
    ['a bad URL', '{"GM0080":{"url":"not a url","token":"t"}}', /GM0080\.url/],
    ['another scheme', '{"GM0080":{"url":"ftp://x","token":"t"}}', /http/],
    ['an unknown field', '{"GM0080":{"url":"http://x","token":"t","extra":1}}', /extra/],
  ])('throws a clear error on %s', (_what, json, message) => {
    expect(() => parseRegisterEndpoints(json)).toThrow(message);
  });
});
