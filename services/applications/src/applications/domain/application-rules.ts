import type { FieldProblem } from '@fund-desk/platform';

interface RulesInput {
  municipalityCode: string;
  children: { ref: string; birthDate: string }[];
  items: { childRef: string; category: string; provider?: unknown }[];
  contact?: { email?: string; phone?: string };
  consent?: { parent?: { givenOn: string } };
}

function ageOn(birthDate: string, on: Date): number {
  const birth = new Date(`${birthDate}T00:00:00Z`);
  let age = on.getUTCFullYear() - birth.getUTCFullYear();
  const beforeBirthday =
    on.getUTCMonth() < birth.getUTCMonth() || (on.getUTCMonth() === birth.getUTCMonth() && on.getUTCDate() < birth.getUTCDate());
  if (beforeBirthday) age--;
  return age;
}

/** Rules that need more than one field: every problem is reported with a pointer to the field to fix. */
export function applicationRules(input: RulesInput, today: Date, knownMunicipalities: string[], role = 'parent'): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!knownMunicipalities.includes(input.municipalityCode)) {
    problems.push({ pointer: '/municipalityCode', code: 'unknownMunicipality', detail: 'unknown municipality' });
  }
  const refs = new Set<string>();
  input.children.forEach((child, i) => {
    if (refs.has(child.ref)) problems.push({ pointer: `/children/${i}/ref`, code: 'duplicateChildRef', detail: 'duplicate ref' });
    refs.add(child.ref);
    const birth = new Date(`${child.birthDate}T00:00:00Z`);
    // Date rolls 2015-02-30 over to 2 March: only a date that reads back the same is a real day
    const realDay = !Number.isNaN(birth.getTime()) && birth.toISOString().slice(0, 10) === child.birthDate;
    const age = ageOn(child.birthDate, today);
    if (!realDay || birth > today || age > 20) {
      problems.push({ pointer: `/children/${i}/birthDate`, code: 'birthDatePlausible', detail: 'child must be 0 to 20' });
    }
  });
  input.items.forEach((item, i) => {
    if (!refs.has(item.childRef)) problems.push({ pointer: `/items/${i}/childRef`, code: 'unknownChild', detail: 'unknown child' });
    if (item.category !== 'birthday-box' && !item.provider) {
      problems.push({ pointer: `/items/${i}/provider`, code: 'providerRequired', detail: 'provider required' });
    }
  });
  // A child without a need has no place in the application (and tells funds about a child for nothing).
  input.children.forEach((child, i) => {
    if (!input.items.some((item) => item.childRef === child.ref)) problems.push({ pointer: `/children/${i}`, code: 'childWithoutItem', detail: 'no item for this child' });
  });
  if (input.contact && !input.contact.email && !input.contact.phone) {
    problems.push({ pointer: '/contact/email', code: 'contactUnreachable', detail: 'an e-mail address or a mobile number' });
  }
  if (role === 'intermediary') {
    const given = input.consent?.parent?.givenOn;
    if (!input.consent?.parent) problems.push({ pointer: '/consent/parent', code: 'parentConsentRequired', detail: "the parent's consent" });
    else if (given && (new Date(`${given}T00:00:00Z`) > today || Number.isNaN(Date.parse(given)))) {
      problems.push({ pointer: '/consent/parent/givenOn', code: 'consentDate', detail: 'a day up to today' });
    }
  }
  return problems;
}
