import { ConflictError, NotFoundError, ValidationFailed } from '@fund-desk/platform';

export type FamilyLinkStatus = 'requested' | 'confirmed' | 'ended';

/**
 * An intermediary (a school social worker, a social team) linked to a family they help. The intermediary asks,
 * the parent confirms; either of them may end it. While confirmed, the intermediary shares the family's file.
 */
export interface FamilyLink {
  id: string;
  intermediary: string;
  organisation?: string;
  parent: string;
  status: FamilyLinkStatus;
  requestedAt: string;
  confirmedAt?: string;
  endedAt?: string;
  endedBy?: string;
}

/** A link that still counts: asked for, or confirmed. One intermediary and one parent have at most one. */
export const isLive = (link: Pick<FamilyLink, 'status'>): boolean => link.status !== 'ended';

/** The new link an intermediary asks for. */
export function requestLink(
  intermediary: { subject: string; organisation?: string },
  parentAccount: string,
  id: string,
  now: Date,
): FamilyLink {
  if (parentAccount === intermediary.subject) {
    throw new ValidationFailed([{ pointer: '/parentAccount', code: 'notYourself', detail: 'an intermediary cannot link to their own account' }]);
  }
  return {
    id,
    intermediary: intermediary.subject,
    ...(intermediary.organisation ? { organisation: intermediary.organisation } : {}),
    parent: parentAccount,
    status: 'requested',
    requestedAt: now.toISOString(),
  };
}

/** Whether this person is named in the link (as its parent or its intermediary): others are not told it exists. */
export const namesPerson = (link: FamilyLink, subject: string): boolean => link.parent === subject || link.intermediary === subject;

/** The named parent confirms; confirming again changes nothing. Anyone else: not found. */
export function confirmLink(link: FamilyLink, parent: string, now: Date): FamilyLink {
  if (link.parent !== parent) throw new NotFoundError('Family link', link.id);
  if (link.status === 'ended') throw new ConflictError('LINK_ENDED', 'This link was ended; the intermediary can ask again');
  if (link.status === 'confirmed') return link;
  return { ...link, status: 'confirmed', confirmedAt: now.toISOString() };
}

/** The parent or the intermediary ends the link; ending again changes nothing. Anyone else: not found. */
export function endLink(link: FamilyLink, by: string, now: Date): FamilyLink {
  if (!namesPerson(link, by)) throw new NotFoundError('Family link', link.id);
  if (link.status === 'ended') return link;
  return { ...link, status: 'ended', endedAt: now.toISOString(), endedBy: by };
}
