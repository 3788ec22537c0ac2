import { ErasePersonalDataUseCase } from './erase-personal-data.use-case';

/** What the use case asks of the repository and the reminder queue, recorded. */
function fakes(recipientsOf: Record<string, string[]>) {
  const calls: string[] = [];
  const repository = {
    markErased: async (ids: string[]) => void calls.push(`mark ${ids}`),
    applicationsOf: async (subject: string) => recipientsOf[subject] ?? [],
    deleteRecipients: async (ids: string[]) => (calls.push(`recipients ${ids}`), ids.length),
    deleteWaitingEvents: async (ids: string[]) => (calls.push(`waiting ${ids}`), 0),
    deleteInboxMessages: async (ids: string[], subject?: string) => (calls.push(`inbox ${ids} ${subject ?? '-'}`), 1),
    eraseDeliveryContent: async (ids: string[], subject?: string) => (calls.push(`deliveries ${ids} ${subject ?? '-'}`), 2),
    deletePreferences: async (subject: string) => (calls.push(`preferences ${subject}`), true),
  };
  const reminders = { forget: async (ids: string[]) => (calls.push(`reminders ${ids}`), 0) };
  return { calls, useCase: new ErasePersonalDataUseCase(repository as never, reminders as never) };
}

describe('erasing personal data in notifications', () => {
  it("takes the person's own data too when none of their applications is left", async () => {
    const { calls, useCase } = fakes({ s1: ['a1', 'a2'] });
    const report = await useCase.execute({ subject: 's1', applicationIds: ['a1', 'a2', 'a1'] });
    expect(report).toMatchObject({ whole: true, preferences: true });
    expect(calls).toEqual(['mark a1,a2', 'recipients a1,a2', 'waiting a1,a2', 'inbox a1,a2 s1', 'deliveries a1,a2 s1', 'preferences s1', 'reminders a1,a2']);
  });

  it('keeps what the other applications still need when only some are erased (closed ones, at the end of retention)', async () => {
    const { calls, useCase } = fakes({ s1: ['a1', 'a2'] });
    const report = await useCase.execute({ subject: 's1', applicationIds: ['a1'] });
    expect(report).toMatchObject({ whole: false, preferences: false });
    expect(calls).toEqual(['mark a1', 'recipients a1', 'waiting a1', 'inbox a1 -', 'deliveries a1 -', 'reminders a1']);
  });

  it('marks the applications erased before it deletes anything, so that writers racing with it can undo', async () => {
    const { calls, useCase } = fakes({});
    await useCase.execute({ subject: 's1', applicationIds: ['a1'] });
    expect(calls[0]).toBe('mark a1');
  });
});
