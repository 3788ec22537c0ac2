import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { applicationWithdrawnV1, createEvent, EventEnvelope, ItemStatus, personalDataErasureRequestedV1 } from '@fund-desk/contracts';
import { type Principal, WriteConflictError } from '@fund-desk/platform';
import type { Application } from '../../domain/application';
import { ApplicationRepository } from '../../infrastructure/application.repository';
import { FamilyLinkRepository } from '../../infrastructure/family-link.repository';
import { HouseholdRepository } from '../../infrastructure/household.repository';

const OPEN_ITEM: ItemStatus[] = ['pending', 'routed', 'information-requested', 'approved'];
const PRODUCER = 'applications';

/**
 * A household's data: all of it to download (JSON), and erasure — on the parent's request, or at the end
 * of the retention period for closed applications. Erasure stops what is still open (funds release their
 * reservations), strips the personal data here, and publishes `personal-data.erasure-requested`, which every
 * service honours; fund-routing keeps only what the law requires for payments made.
 */
@Injectable()
export class PrivacyUseCase {
  private readonly logger = new Logger(PrivacyUseCase.name);

  constructor(
    @Inject(ApplicationRepository) private readonly applications: ApplicationRepository,
    @Inject(HouseholdRepository) private readonly households: HouseholdRepository,
    @Inject(FamilyLinkRepository) private readonly links: FamilyLinkRepository,
  ) {}

  async export(principal: Principal, now: Date) {
    const [household, drafts, applications, links] = await Promise.all([
      this.households.household(principal.subject),
      this.households.draftsOf(principal.subject),
      this.applications.findVisibleTo(principal.subject, 500),
      this.links.naming('parent', principal.subject),
    ]);
    return {
      exportedAt: now.toISOString(),
      subject: principal.subject,
      household,
      drafts: drafts.map(({ id, content, status, createdAt, updatedAt }) => ({ id, content, status, createdAt, updatedAt })),
      applications,
      familyLinks: links.map(({ id, intermediary, organisation, status, requestedAt, confirmedAt, endedAt }) => ({ id, intermediary, organisation, status, requestedAt, confirmedAt, endedAt })),
      elsewhere: {
        note: 'Messages, delivery log and preferences are kept by the notifications service; income checks by income-checks (no income figures are kept by applications).',
        endpoints: ['/api/v1/me/notifications', '/api/v1/me/deliveries', '/api/v1/me/preferences'],
      },
    };
  }

  /** The parent's request: every application they made or that was made for them, and everything kept about the household. */
  async erase(principal: Principal, now: Date): Promise<{ applications: number }> {
    const applications = await this.applications.findVisibleTo(principal.subject, 500);
    for (const application of applications) await this.eraseApplication(application, now);
    await this.households.deleteHousehold(principal.subject);
    await this.households.deleteDraftsOf(principal.subject);
    await this.links.deleteNaming(principal.subject);
    await this.publishErasure(principal.subject, applications.map((a) => a.id), now);
    return { applications: applications.length };
  }

  /** Closed applications past the retention period lose their personal data; returns how many. */
  async purgeClosedBefore(cutoff: Date, now: Date): Promise<number> {
    const closed = await this.applications.closedBefore(cutoff);
    const bySubject = new Map<string, string[]>();
    for (const application of closed) {
      bySubject.set(application.applicant.subject, [...(bySubject.get(application.applicant.subject) ?? []), application.id]);
      await this.eraseApplication(application, now);
    }
    for (const [subject, ids] of bySubject) await this.publishErasure(subject, ids, now);
    if (closed.length) this.logger.log({ msg: 'Personal data of closed applications purged at the end of retention', count: closed.length });
    return closed.length;
  }

  /** Erases one application as it is stored now (read again and erased again when another change came first). */
  private async eraseApplication(original: Application, now: Date): Promise<void> {
    try {
      await this.applications.erase(original.id, (application) => (application && !application.erasedAt ? erasure(application, now) : null));
    } catch (error) {
      if (error instanceof WriteConflictError) throw new Error(`Could not erase application ${original.id}: it kept changing`);
      throw error;
    }
  }

  private async publishErasure(subject: string, applicationIds: string[], now: Date): Promise<void> {
    const event = createEvent(personalDataErasureRequestedV1, {
      correlationId: subject,
      causationId: null,
      producer: PRODUCER,
      occurredAt: now,
      payload: { subject, applicationIds, requestedAt: now.toISOString() },
    });
    // The record keeps who asked (pseudonymous account id) and when: the accountability the law asks for.
    await this.applications.recordErasureRequest(randomUUID(), { subject, applicationIds, requestedAt: now }, [event]);
  }
}

/** What remains of an application after erasure, and the withdrawal of what was still open. */
function erasure(application: Application, now: Date): { erased: Application; events: EventEnvelope[] } {
  const open = application.items.filter((i) => OPEN_ITEM.includes(i.status));
  const events: EventEnvelope[] = open.length
    ? [
        createEvent(applicationWithdrawnV1, {
          correlationId: application.id,
          causationId: null,
          producer: PRODUCER,
          occurredAt: now,
          payload: { applicationId: application.id, itemIds: open.map((i) => i.itemId), whole: true, reason: 'erasure', withdrawnAt: now.toISOString() },
        }),
      ]
    : [];
  const erased: Application = {
    ...application,
    applicant: { subject: `erased:${pseudonym(application.applicant.subject)}`, role: application.applicant.role },
    postcode: application.postcode.slice(0, 4),
    household: { composition: application.household.composition, circumstances: [] },
    children: application.children.map((c) => ({ ref: c.ref, firstName: '', birthDate: '' })),
    items: application.items.map(({ description: _d, provider: _p, objection: _o, ...item }) => ({ ...item, ...(OPEN_ITEM.includes(item.status) ? { status: 'withdrawn' as const, reason: 'erasure' } : {}) })),
    contact: { email: '', language: application.contact.language },
    consent: { incomeCheck: application.consent.incomeCheck, shareWithFunds: application.consent.shareWithFunds, givenAt: application.consent.givenAt, givenBy: 'erased' },
    timeline: application.timeline.map(({ params: _params, ...t }) => t),
    status: open.length ? 'withdrawn' : application.status,
    erasedAt: now.toISOString(),
  };
  return { erased, events };
}

const pseudonym = (subject: string) => createHash('sha256').update(subject).digest('hex').slice(0, 16);
