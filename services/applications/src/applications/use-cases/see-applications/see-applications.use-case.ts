import { Inject, Injectable } from '@nestjs/common';
import { mayAccess, NotFoundError, type Principal } from '@fund-desk/platform';
import type { Application } from '../../domain/application';
import { familyParentOf, familyScope } from '../../domain/application-access';
import { ApplicationRepository } from '../../infrastructure/application.repository';
import { FamilyLinkRepository } from '../../infrastructure/family-link.repository';

/**
 * Which applications a parent or an intermediary sees: those of the families whose file they may access
 * (`mayAccess`), the family's confirmed intermediaries included.
 */
@Injectable()
export class SeeApplicationsUseCase {
  constructor(
    @Inject(ApplicationRepository) private readonly applications: ApplicationRepository,
    @Inject(FamilyLinkRepository) private readonly links: FamilyLinkRepository,
  ) {}

  /** A parent: what they made and what was made for them. An intermediary: their caseload, and the linked families'. */
  async list(principal: Principal): Promise<Application[]> {
    if (principal.role === 'parent') return this.applications.findVisibleTo(principal.subject);
    const parents = await this.links.confirmedParentsOf(principal.subject);
    const found = await this.applications.findOfApplicantOrFamilies(principal.subject, parents);
    const linked = new Set(parents);
    // The same decision as for one application: a family's link counts only for that family.
    return found.filter((a) => mayAccess(principal, familyScope(a, linked.has(familyParentOf(a) ?? '') ? [principal.subject] : [])));
  }

  /** One application, or not found: someone else's is not disclosed. */
  async get(principal: Principal, id: string): Promise<Application> {
    const application = await this.applications.findById(id);
    if (!application || application.erasedAt || !(await this.mayAccess(principal, application))) throw new NotFoundError('Application', id);
    return application;
  }

  private async mayAccess(principal: Principal, application: Application): Promise<boolean> {
    const parent = familyParentOf(application);
    return mayAccess(principal, familyScope(application, parent ? await this.links.confirmedIntermediariesOf(parent) : []));
  }
}
