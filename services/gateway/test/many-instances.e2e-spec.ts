import { ApiClient, applicationRequest, uniqueId, waitUntil } from '@fund-desk/testing';

/**
 * The system as production runs it: two instances of applications, income-checks, fund-routing and notifications
 * (sharing their databases and consumer groups, the gateway spreading requests), many parents at once. Nothing may
 * be lost or done twice: every need routed once, every event in the timeline once, every e-mail sent once.
 */
const gateway = new ApiClient(process.env.E2E_GATEWAY_URL!);
const instanceUrls = JSON.parse(process.env.E2E_INSTANCE_URLS ?? '{}') as Record<string, string[]>;

interface ApplicationView {
  id: string;
  items: { id: string; category: string; status: string; fundId: string | null }[];
  timeline: { type: string }[];
}

const PARENTS = 10;
const PER_PARENT = 2;

describe('two instances of every consuming service, twenty applications at once', () => {
  it('runs two ready instances of each of them', async () => {
    for (const service of ['applications', 'income-checks', 'fund-routing', 'notifications']) {
      expect(instanceUrls[service]).toHaveLength(2);
      for (const url of instanceUrls[service]) expect((await fetch(`${url}/ready`)).status).toBe(200);
    }
  });

  it('routes every need exactly once, records every step once and sends every e-mail once', async () => {
    const parents = await Promise.all(Array.from({ length: PARENTS }, () => gateway.login('parent', uniqueId('parent'))));
    const submissions = parents.flatMap((parent) =>
      Array.from({ length: PER_PARENT }, () => {
        const email = `${uniqueId('many')}@example.nl`;
        const body = applicationRequest({
          children: [
            { ref: 'c1', firstName: 'Sanne', birthDate: '2016-03-14' },
            { ref: 'c2', firstName: 'Daan', birthDate: '2012-09-02' },
          ],
          items: [
            { childRef: 'c1', category: 'school-trip', amountCents: 4500, provider: { name: 'OBS De Tamarisk', iban: 'NL91ABNA0417164300' } },
            { childRef: 'c1', category: 'birthday-box', amountCents: 3500 },
            { childRef: 'c2', category: 'sports-membership', amountCents: 22000, provider: { name: 'VV Leeuwarden', iban: 'NL91ABNA0417164300' } },
          ],
          contact: { email, language: 'nl' },
        });
        return { parent, email, body };
      }),
    );
    const submitted = await Promise.all(
      submissions.map(async (s) => {
        const response = await s.parent.post<{ id: string }>('/api/v1/applications', s.body);
        expect(response.status).toBe(202);
        return { ...s, id: response.body.id };
      }),
    );

    const views = await Promise.all(
      submitted.map(({ parent, id }) =>
        waitUntil(
          async () => {
            const view = await parent.get<ApplicationView>(`/api/v1/applications/${id}`);
            return view.status === 200 && view.body.items.every((i) => i.status === 'routed') ? view.body : null;
          },
          { timeoutMs: 45_000, intervalMs: 250, what: `application ${id} routed` },
        ),
      ),
    );
    for (const view of views) {
      expect(view.items.map((i) => i.fundId).sort()).toEqual(['jarige-job', 'jeugdfonds-sport-cultuur', 'leergeld-leeuwarden']);
      const count = (type: string) => view.timeline.filter((t) => t.type === type).length;
      expect(count('application.submitted')).toBe(1);
      expect(count('income-check.completed')).toBe(1);
      expect(count('fund-request.routed')).toBe(3);
    }

    // Received, income outcome, three routed: five e-mails each, and no sixth however long one waits.
    const mailboxes = await Promise.all(
      submitted.map(({ email }) =>
        waitUntil(
          async () => {
            const box = await gateway.get<{ items: { subject: string }[] }>(`/api/v1/dev/mailbox?to=${encodeURIComponent(email)}`);
            return box.body.items.length >= 5 ? email : null;
          },
          { timeoutMs: 45_000, intervalMs: 250, what: `five e-mails to ${email}` },
        ),
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    for (const email of mailboxes) {
      const box = await gateway.get<{ items: { subject: string }[] }>(`/api/v1/dev/mailbox?to=${encodeURIComponent(email)}`);
      expect(box.body.items).toHaveLength(5);
    }
  }, 120_000);
});
