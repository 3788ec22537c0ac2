import { Inject, Injectable, Logger } from '@nestjs/common';
import { applicationSubmittedV1, EventEnvelope, PayloadOf, personalDataErasureRequestedV1 } from '@fund-desk/contracts';
import { FundRequest, RoutingRepository } from '../../infrastructure/routing.repository';

type ErasureRequested = PayloadOf<typeof personalDataErasureRequestedV1>;
type Submitted = PayloadOf<typeof applicationSubmittedV1>;

/** Someone else changed the document between reading and writing: read it again this often. */
const ATTEMPTS = 5;

/**
 * A person asked for their household's personal data to be erased. For every request of their applications
 * routing removes the child's first name, the description, the answers' text, the objection's reasons, every
 * free-text message in the history and decision (staff write about the child there; reason codes stay) and
 * the person's own subject where it is recorded as author, and the claim. It keeps what the fund's books
 * need: category, amounts, fund, status, dates, reason codes, the pseudonymous child key (per-child limits
 * of what was paid; not reversible without what applications erases) — and the provider (name and IBAN)
 * only where a payment was made or is on its way (fulfilled, or in a payment batch), which the law keeps.
 * The routing case keeps item ids, categories and amounts and the income check outcome; the children's
 * names, birth dates and keys, the contact details, the postcode area and the applicant's subject go.
 * Repeating it changes nothing more. Payment batches are payment records and stay as they are.
 */
@Injectable()
export class ErasePersonalDataUseCase {
  private readonly logger = new Logger(ErasePersonalDataUseCase.name);

  constructor(@Inject(RoutingRepository) private readonly repository: RoutingRepository) {}

  async onErasureRequested(event: EventEnvelope<ErasureRequested>): Promise<void> {
    const { subject, applicationIds } = event.payload;
    for (const applicationId of applicationIds) {
      const routingCase = await this.repository.findCase(applicationId);
      const applicant = (routingCase?.application as Submitted | undefined)?.applicant?.subject;
      const authors = new Set([subject, ...(applicant ? [applicant] : [])]);
      const requests = await this.repository.requestsForApplication(applicationId);
      for (const request of requests) await this.eraseRequest(request.id, authors);
      await this.eraseCase(applicationId);
      this.logger.log({ msg: 'Personal data erased', applicationId, requests: requests.length });
    }
  }

  private async eraseRequest(id: string, authors: Set<string>): Promise<void> {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const request = await this.repository.findRequest(id);
      if (!request) return;
      const keepProvider = request.status === 'fulfilled' || !!request.paymentBatchId;
      const $set: Record<string, unknown> = {
        childFirstName: '',
        claimedBy: null,
        answers: (request.answers ?? []).map((a) => ({ at: a.at, text: '', ...(a.by && !authors.has(a.by) ? { by: a.by } : {}) })),
        history: (request.history ?? []).map(({ message: _m, by, ...entry }) => ({ ...entry, ...(by && !authors.has(by) ? { by } : {}) })),
        ...(request.objection ? { 'objection.reason': '' } : {}),
        ...(request.erasedAt ? {} : { erasedAt: new Date() }),
      };
      const $unset: Record<string, ''> = {
        description: '',
        claimedAt: '',
        ...(request.decision?.message !== undefined ? { 'decision.message': '' } : {}),
        ...(keepProvider ? {} : { provider: '' }),
      };
      // Guarded like a decision: a payment batch taking the request meanwhile decides whether the provider stays.
      if (await this.repository.changeRequest(id, this.guardOf(request), { $set, $unset }, [])) return;
    }
    throw new Error(`Request ${id} kept changing while its personal data was being erased; trying again`);
  }

  private guardOf(request: FundRequest) {
    return { status: request.status, fundId: request.fundId, claimedBy: request.claimedBy ?? null, paymentBatchId: request.paymentBatchId ?? null };
  }

  private async eraseCase(applicationId: string): Promise<void> {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const routingCase = await this.repository.findCase(applicationId);
      const application = routingCase?.application as Submitted | undefined;
      if (!routingCase || !application) return;
      const changed = await this.repository.changeCaseApplication(applicationId, routingCase.version ?? null, {
        $set: {
          'application.children': application.children.map((c) => ({ ref: c.ref })),
          'application.items': application.items.map((i) => ({ itemId: i.itemId, childRef: i.childRef, category: i.category, amountCents: i.amountCents })),
          'application.applicant': { role: application.applicant?.role },
          ...(routingCase.erasedAt ? {} : { erasedAt: new Date() }),
        },
        $unset: { 'application.contact': '', 'application.postcodeArea': '' },
      });
      if (changed) return;
    }
    throw new Error(`Routing case ${applicationId} kept changing while its personal data was being erased; trying again`);
  }
}
