import { mayAccess, scopeOf } from './access';
import type { Principal } from './principal';

const staff = (fundId: string): Principal => ({ subject: `staff-${fundId}`, role: 'fund-staff', fundId });
const officer = (code: string): Principal => ({ subject: `officer-${code}`, role: 'municipality', municipalityCode: code });
const admin: Principal = { subject: 'beheerder', role: 'admin' };
const parent: Principal = { subject: 'sanne', role: 'parent' };
const intermediary: Principal = { subject: 'anna', role: 'intermediary', organisation: 'Basisschool De Fluessen' };

describe('mayAccess', () => {
  it("lets a fund's own staff and administrators at its work, and nobody else", () => {
    expect(mayAccess(staff('jarige-job'), { fund: 'jarige-job' })).toBe(true);
    expect(mayAccess(admin, { fund: 'jarige-job' })).toBe(true);
    expect(mayAccess(staff('kinderhulp'), { fund: 'jarige-job' })).toBe(false);
    expect(mayAccess(officer('GM0080'), { fund: 'jarige-job' })).toBe(false);
    expect(mayAccess({ subject: 'sanne', role: 'parent', fundId: 'jarige-job' }, { fund: 'jarige-job' })).toBe(false);
  });

  it("lets a municipality's own officers and administrators at its figures", () => {
    expect(mayAccess(officer('GM0080'), { municipality: 'GM0080' })).toBe(true);
    expect(mayAccess(admin, { municipality: 'GM0080' })).toBe(true);
    expect(mayAccess(officer('GM0772'), { municipality: 'GM0080' })).toBe(false);
    expect(mayAccess({ ...intermediary, municipalityCode: 'GM0080' }, { municipality: 'GM0080' })).toBe(false);
  });

  it("lets a family's file be seen by the parent and the intermediaries the family linked, not by staff or administrators", () => {
    expect(mayAccess(parent, { family: 'sanne' })).toBe(true);
    expect(mayAccess(intermediary, { family: 'sanne', intermediaries: ['anna'] })).toBe(true);
    expect(mayAccess(intermediary, { family: 'sanne', intermediaries: ['bram'] })).toBe(false);
    expect(mayAccess({ subject: 'anna', role: 'parent' }, { family: 'sanne', intermediaries: ['anna'] })).toBe(false);
    expect(mayAccess({ subject: 'sanne', role: 'fund-staff', fundId: 'x' }, { family: 'sanne' })).toBe(false);
    expect(mayAccess(admin, { family: 'sanne' })).toBe(false);
  });
});

describe('scopeOf', () => {
  it("reads the fund or municipality from the route's parameter", () => {
    expect(scopeOf({ kind: 'fund', param: 'fundId' }, { fundId: 'kinderhulp' })).toEqual({ fund: 'kinderhulp' });
    expect(scopeOf({ kind: 'municipality', param: 'code' }, {})).toEqual({ municipality: '' });
    expect(scopeOf(undefined, { fundId: 'x' })).toBeNull();
  });
});
