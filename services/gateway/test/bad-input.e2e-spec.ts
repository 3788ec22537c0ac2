import { ApiClient, uniqueId } from '@fund-desk/testing';

/** Bad input as an attacker or a careless client sends it: a clear 4xx with a problem body, never a 5xx, nothing stored. */
const gateway = new ApiClient(process.env.E2E_GATEWAY_URL!);
const services = JSON.parse(process.env.E2E_URLS!) as Record<string, string>;

let parent: ApiClient;
let token: string;

beforeAll(async () => {
  parent = await gateway.login('parent', uniqueId('parent'));
  token = parent.token!;
});

const put = (base: string, body: string | Buffer, headers: Record<string, string> = {}) =>
  fetch(`${base}/api/v1/me/preferences`, { method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'accept-language': 'en', ...headers }, body });

async function problemOf(response: Response): Promise<{ status: number; code: string; errors?: { pointer: string; code: string }[] }> {
  expect(response.headers.get('content-type')).toContain('application/problem+json');
  return (await response.json()) as { status: number; code: string; errors?: { pointer: string; code: string }[] };
}

describe('bad input at the public entry', () => {
  it('refuses __proto__ and constructor keys rather than dropping them, naming where', async () => {
    const answer = await put(gateway.baseUrl, '{"channels":{"email":true,"sms":false},"__proto__":{"admin":true},"x":{"constructor":1}}');
    expect(answer.status).toBe(400);
    expect((await problemOf(answer)).errors).toEqual([
      expect.objectContaining({ pointer: '/__proto__', code: 'forbiddenKey' }),
      expect.objectContaining({ pointer: '/x/constructor', code: 'forbiddenKey' }),
    ]);
  });

  it('refuses NUL and lone surrogates in text, nesting deeper than 32 and bytes that are not UTF-8', async () => {
    const nul = await put(gateway.baseUrl, JSON.stringify({ email: 'a\u0000@example.nl', channels: { email: true, sms: false } }));
    expect((await problemOf(nul)).errors).toEqual([expect.objectContaining({ pointer: '/email', code: 'invalidText' })]);
    const lone = await put(gateway.baseUrl, '{"email":"\\ud800@example.nl"}');
    expect(lone.status).toBe(400);
    const deep = await put(gateway.baseUrl, `{"channels":${'['.repeat(2000)}${']'.repeat(2000)}}`);
    expect((await problemOf(deep)).errors).toEqual([expect.objectContaining({ code: 'tooDeep' })]);
    const latin1 = await put(gateway.baseUrl, Buffer.from([0x7b, 0x22, 0x65, 0x6d, 0x61, 0x69, 0x6c, 0x22, 0x3a, 0x22, 0xe9, 0x22, 0x7d]));
    expect(latin1.status).toBe(400);
    expect((await problemOf(latin1)).code).toBe('BAD_REQUEST');
  });

  it('answers an over-large body with 413 at the gateway and at the service itself', async () => {
    const body = JSON.stringify({ email: `${'x'.repeat(1_200_000)}@example.nl` });
    expect((await problemOf(await put(gateway.baseUrl, body))).status).toBe(413);
    expect((await problemOf(await put(services.notifications, body))).code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('takes a preference change without channels (they stay as they were), and nothing half-stored after a refusal', async () => {
    expect((await put(gateway.baseUrl, JSON.stringify({ channels: { email: false, sms: false } }))).status).toBe(200);
    expect((await put(gateway.baseUrl, '{"language":"en","__proto__":{}}')).status).toBe(400);
    const kept = await put(gateway.baseUrl, JSON.stringify({ phone: '+31612345678' }));
    expect(kept.status).toBe(200);
    expect(await kept.json()).toMatchObject({ phone: '+31612345678', channels: { email: false, sms: false } });
    expect((await parent.get<{ language?: string }>('/api/v1/me/preferences')).body.language).toBeUndefined();
  });
});
