import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { applicationSubmittedV1, createEvent, incomeDeclaredV1 } from '@fund-desk/contracts';
import type { Principal } from '@fund-desk/platform';
import type { SubmitApplicationDto } from '../../api/submit-application.dto';
import { Application, itemForEvent, newItem } from '../../domain/application';
import { ApplicationRepository } from '../../infrastructure/application.repository';
import { ChildKeys } from '../../infrastructure/child-keys';
import { FamilyLinkRepository } from '../../infrastructure/family-link.repository';
import { HouseholdRepository } from '../../infrastructure/household.repository';

export interface SubmitApplicationCommand {
  principal: Principal;
  input: SubmitApplicationDto;
  /** From the Idempotency-Key header: a retried or double-clicked submit creates one application. */
  idempotencyKey?: string;
  now: Date;
}

const PRODUCER = 'applications';

/** "06 1234 5678" → "+31612345678"; an international number keeps its country code. */
export function mobileInE164(phone: string): string {
  const digits = phone.replace(/[\s-]/g, '');
  return digits.startsWith('+') ? digits : `+31${digits.slice(1)}`;
}

@Injectable()
export class SubmitApplicationUseCase {
  constructor(
    @Inject(ApplicationRepository) private readonly applications: ApplicationRepository,
    @Inject(ChildKeys) private readonly childKeys: ChildKeys,
    @Inject(HouseholdRepository) private readonly households: HouseholdRepository,
    @Inject(FamilyLinkRepository) private readonly links: FamilyLinkRepository,
  ) {}

  async execute(command: SubmitApplicationCommand): Promise<{ id: string; status: string }> {
    const { principal, input, now } = command;
    if (command.idempotencyKey) {
      const existing = await this.applications.findByIdempotencyKey(principal.subject, command.idempotencyKey);
      if (existing) return { id: existing.id, status: existing.status };
    }
    const id = randomUUID();
    const submittedAt = now.toISOString();
    // An intermediary the family confirmed a link with acts on its behalf; without one, the recorded consent is all there is.
    const account = principal.role === 'intermediary' ? input.consent.parent?.account : undefined;
    const onBehalfOf = account && (await this.links.isConfirmed(principal.subject, account)) ? account : undefined;
    const postcode = input.postcode.toUpperCase().replace(/^(\d{4}) ?([A-Z]{2})$/, '$1 $2');
    const application: Application = {
      id,
      applicant: { subject: principal.subject, role: principal.role },
      municipalityCode: input.municipalityCode,
      postcode,
      household: { composition: input.household.composition, circumstances: input.household.circumstances },
      children: input.children.map((c) => ({ ref: c.ref, firstName: c.firstName, birthDate: c.birthDate })),
      items: input.items.map((item) => newItem(item, randomUUID())),
      contact: { email: input.contact.email, language: input.contact.language, ...(input.contact.phone ? { phone: mobileInE164(input.contact.phone) } : {}) },
      consent: {
        incomeCheck: input.consent.incomeCheck,
        shareWithFunds: input.consent.shareWithFunds,
        givenAt: submittedAt,
        givenBy: principal.subject,
        ...(principal.role === 'intermediary' && input.consent.parent
          ? {
              parent: {
                name: input.consent.parent.name,
                method: input.consent.parent.method,
                givenOn: input.consent.parent.givenOn,
                scope: ['income-check', 'share-with-funds'] as ('income-check' | 'share-with-funds')[],
                ...(input.consent.parent.account ? { account: input.consent.parent.account } : {}),
              },
            }
          : {}),
      },
      ...(onBehalfOf ? { onBehalfOf } : {}),
      incomeCheck: { status: 'pending', outcome: null, eligible: null, percentageOfNorm: null },
      status: 'submitted',
      timeline: [
        onBehalfOf
          ? { at: submittedAt, type: 'application.submitted', message: 'submitted-on-behalf', params: { by: principal.organisation ?? '' } }
          : { at: submittedAt, type: 'application.submitted', message: 'submitted' },
      ],
      submittedAt,
      version: 1,
    };
    const meta = { correlationId: id, causationId: null, producer: PRODUCER, occurredAt: now };
    const submitted = createEvent(applicationSubmittedV1, {
      ...meta,
      payload: {
        applicationId: id,
        applicant: application.applicant,
        municipalityCode: application.municipalityCode,
        postcodeArea: postcode.slice(0, 4),
        circumstances: application.household.circumstances,
        children: application.children.map((c) => ({ ...c, key: this.childKeys.keyOf(c, postcode) })),
        items: application.items.map(itemForEvent),
        contact: application.contact,
        submittedAt,
      },
    });
    // The income figure and the BSN are not kept on the application: they leave in this event, for income-checks only.
    const declared = createEvent(incomeDeclaredV1, {
      ...meta,
      payload: {
        applicationId: id,
        municipalityCode: input.municipalityCode,
        composition: input.household.composition,
        netMonthlyIncomeCents: input.household.netMonthlyIncomeCents,
        circumstances: input.household.circumstances,
        checkDate: submittedAt.slice(0, 10),
        applicant: { subject: principal.subject, role: principal.role },
        // A parent's account stands for the household, so a valid check can be reused next time.
        householdRef: principal.role === 'parent' ? `parent:${principal.subject}` : null,
        ...(input.household.bsn ? { bsn: input.household.bsn } : {}),
      },
    });
    const created = await this.applications.insert(application, command.idempotencyKey ?? id, [declared, submitted]);
    // Next season the parent starts from this (children, address, contact; never income or BSN).
    if (created && principal.role === 'parent') {
      await this.households.saveHousehold({
        subject: principal.subject,
        municipalityCode: application.municipalityCode,
        postcode,
        composition: application.household.composition,
        circumstances: application.household.circumstances,
        children: application.children,
        contact: application.contact,
        updatedAt: now,
      });
    }
    if (!created && command.idempotencyKey) {
      const existing = await this.applications.findByIdempotencyKey(principal.subject, command.idempotencyKey);
      if (existing) return { id: existing.id, status: existing.status };
    }
    return { id, status: application.status };
  }
}
