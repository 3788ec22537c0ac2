import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ConflictError, NotFoundError, type Principal, WriteConflictError } from '@fund-desk/platform';
import { confirmLink, endLink, type FamilyLink, namesPerson, requestLink } from '../../domain/family-link';
import { FamilyLinkRepository } from '../../infrastructure/family-link.repository';

/**
 * Intermediaries linked to the families they help: the intermediary asks, the named parent confirms, either ends it.
 * A confirmed link lets the intermediary see the family's applications and apply on the family's behalf.
 */
@Injectable()
export class FamilyLinksUseCase {
  constructor(@Inject(FamilyLinkRepository) private readonly links: FamilyLinkRepository) {}

  /** The intermediary asks; asking again while a link is asked for or confirmed returns that link. */
  async request(intermediary: Principal, parentAccount: string, now: Date): Promise<{ link: FamilyLink; created: boolean }> {
    return this.busyAsConflict(() => this.links.insertUnlessLive(requestLink(intermediary, parentAccount, randomUUID(), now)));
  }

  async list(principal: Principal): Promise<FamilyLink[]> {
    return this.links.naming(principal.role === 'parent' ? 'parent' : 'intermediary', principal.subject);
  }

  async confirm(parent: Principal, id: string, now: Date): Promise<FamilyLink> {
    return this.change(parent, id, (link) => confirmLink(link, parent.subject, now));
  }

  async end(principal: Principal, id: string, now: Date): Promise<FamilyLink> {
    return this.change(principal, id, (link) => endLink(link, principal.subject, now));
  }

  private async change(principal: Principal, id: string, decide: (link: FamilyLink) => FamilyLink): Promise<FamilyLink> {
    const changed = await this.busyAsConflict(() =>
      this.links.change(id, (link) => {
        // Someone not named in the link learns nothing of it, not even that it exists.
        if (!namesPerson(link, principal.subject)) throw new NotFoundError('Family link', id);
        return decide(link);
      }),
    );
    if (!changed) throw new NotFoundError('Family link', id);
    return changed;
  }

  private async busyAsConflict<T>(write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (error instanceof WriteConflictError) throw new ConflictError('BUSY', 'The link changed while saving; try again');
      throw error;
    }
  }
}
