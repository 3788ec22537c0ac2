import type { AccessScope } from '@fund-desk/platform';
import type { Application } from './application';

export type FamilyScope = Extract<AccessScope, { family: string }>;

/**
 * The parent whose family an application belongs to: the parent who applied, or the parent's account an
 * intermediary named. Null when an intermediary applied for a family without an account (paper consent only).
 */
export function familyParentOf(application: Pick<Application, 'applicant' | 'consent'>): string | null {
  if (application.consent.parent?.account) return application.consent.parent.account;
  return application.applicant.role === 'parent' ? application.applicant.subject : null;
}

/**
 * What an application touches, for `mayAccess`: the family's file (the parent, or the applicant when the family
 * has no account), shared with the intermediary who applied and those the parent confirmed a link with.
 */
export function familyScope(application: Pick<Application, 'applicant' | 'consent'>, linkedIntermediaries: readonly string[]): FamilyScope {
  const applying = application.applicant.role === 'intermediary' ? [application.applicant.subject] : [];
  return { family: familyParentOf(application) ?? application.applicant.subject, intermediaries: [...applying, ...linkedIntermediaries] };
}
