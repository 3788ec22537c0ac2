import { mayAccess, type Principal } from '@fund-desk/platform';
import type { Application } from './application';
import { familyParentOf, familyScope } from './application-access';
import { confirmLink, endLink, type FamilyLink, isLive, requestLink } from './family-link';

const NOW = new Date('2026-11-20T10:00:00Z');
const LATER = new Date('2026-11-21T09:00:00Z');
const teacher = { subject: 'teacher-1', organisation: 'OBS De Tamarisk' };

const asked = (): FamilyLink => requestLink(teacher, 'parent-1', 'link-1', NOW);

describe('a family link: the intermediary asks, the named parent confirms, either ends it', () => {
  it('is asked for by the intermediary, with their organisation', () => {
    expect(asked()).toEqual({ id: 'link-1', intermediary: 'teacher-1', organisation: 'OBS De Tamarisk', parent: 'parent-1', status: 'requested', requestedAt: NOW.toISOString() });
    expect(isLive(asked())).toBe(true);
  });

  it('leaves the organisation out when the intermediary has none', () => {
    expect(requestLink({ subject: 'teacher-1' }, 'parent-1', 'link-1', NOW)).not.toHaveProperty('organisation');
  });

  it('cannot link an intermediary to their own account', () => {
    expect(() => requestLink(teacher, 'teacher-1', 'link-1', NOW)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });

  it('is confirmed by the named parent, and confirming again changes nothing', () => {
    const confirmed = confirmLink(asked(), 'parent-1', LATER);
    expect(confirmed).toMatchObject({ status: 'confirmed', confirmedAt: LATER.toISOString() });
    expect(confirmLink(confirmed, 'parent-1', new Date('2026-12-01T00:00:00Z'))).toBe(confirmed);
  });

  it.each(['parent-2', 'teacher-1'])('is not found for %s, who is not the named parent, when confirming', (who) => {
    expect(() => confirmLink(asked(), who, LATER)).toThrow(expect.objectContaining({ kind: 'not-found' }));
  });

  it('cannot be confirmed once ended', () => {
    expect(() => confirmLink(endLink(asked(), 'parent-1', LATER), 'parent-1', LATER)).toThrow(expect.objectContaining({ code: 'LINK_ENDED', kind: 'conflict' }));
  });

  it.each(['parent-1', 'teacher-1'])('is ended by %s, a party to it, who is recorded', (who) => {
    const ended = endLink(confirmLink(asked(), 'parent-1', NOW), who, LATER);
    expect(ended).toMatchObject({ status: 'ended', endedAt: LATER.toISOString(), endedBy: who });
    expect(isLive(ended)).toBe(false);
    expect(endLink(ended, 'parent-1', new Date('2026-12-01T00:00:00Z'))).toBe(ended);
  });

  it('is not found for someone else ending it', () => {
    expect(() => endLink(asked(), 'teacher-2', LATER)).toThrow(expect.objectContaining({ kind: 'not-found' }));
  });
});

describe("an application's family scope, decided by mayAccess", () => {
  const parent = (subject: string): Principal => ({ subject, role: 'parent' });
  const intermediary = (subject: string): Principal => ({ subject, role: 'intermediary' });
  type Access = Pick<Application, 'applicant' | 'consent'>;
  const consent = { incomeCheck: true, shareWithFunds: true, givenAt: NOW.toISOString(), givenBy: 'x' };
  const byParent: Access = { applicant: { subject: 'parent-1', role: 'parent' }, consent };
  const paper = { name: 'M. de Vries', method: 'signed-form' as const, givenOn: '2026-11-20', scope: ['income-check' as const, 'share-with-funds' as const] };
  const forAccount: Access = { applicant: { subject: 'teacher-1', role: 'intermediary' }, consent: { ...consent, parent: { ...paper, account: 'parent-1' } } };
  const onPaperOnly: Access = { applicant: { subject: 'teacher-1', role: 'intermediary' }, consent: { ...consent, parent: paper } };

  it('names the family by its parent: the one who applied, or the account the intermediary named', () => {
    expect(familyParentOf(byParent)).toBe('parent-1');
    expect(familyParentOf(forAccount)).toBe('parent-1');
    expect(familyParentOf(onPaperOnly)).toBeNull();
  });

  it('lets the parent and the applying intermediary in, as before', () => {
    expect(mayAccess(parent('parent-1'), familyScope(byParent, []))).toBe(true);
    expect(mayAccess(parent('parent-1'), familyScope(forAccount, []))).toBe(true);
    expect(mayAccess(intermediary('teacher-1'), familyScope(forAccount, []))).toBe(true);
    expect(mayAccess(intermediary('teacher-1'), familyScope(onPaperOnly, []))).toBe(true);
  });

  it("lets an intermediary with a confirmed link see the parent's own application, and nobody else", () => {
    expect(mayAccess(intermediary('teacher-2'), familyScope(byParent, ['teacher-2']))).toBe(true);
    expect(mayAccess(intermediary('teacher-2'), familyScope(byParent, []))).toBe(false);
    expect(mayAccess(intermediary('teacher-3'), familyScope(byParent, ['teacher-2']))).toBe(false);
    expect(mayAccess(parent('parent-2'), familyScope(byParent, ['teacher-2']))).toBe(false);
  });

  it('does not let a parent in on a link: links are for intermediaries', () => {
    expect(mayAccess(parent('teacher-2'), familyScope(byParent, ['teacher-2']))).toBe(false);
  });
});
