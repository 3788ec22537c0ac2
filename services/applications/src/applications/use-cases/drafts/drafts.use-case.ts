import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ConflictError, NotFoundError, Principal, validateInput } from '@fund-desk/platform';
import { SubmitApplicationDto } from '../../api/submit-application.dto';
import { applicationRules } from '../../domain/application-rules';
import { Draft, HouseholdRepository } from '../../infrastructure/household.repository';
import { SubmitApplicationUseCase } from '../submit-application/submit-application.use-case';

const MAX_DRAFT_BYTES = 100_000;

/**
 * Save and come back: a draft holds whatever was filled in, unchecked; a new one starts from the household
 * the parent entered last time. Submitting checks everything at once (every problem with a pointer) and
 * creates exactly one application, also when submit is pressed twice.
 */
@Injectable()
export class DraftsUseCase {
  constructor(
    @Inject(HouseholdRepository) private readonly households: HouseholdRepository,
    @Inject(SubmitApplicationUseCase) private readonly submitApplication: SubmitApplicationUseCase,
  ) {}

  async create(principal: Principal, content: Record<string, unknown> | undefined, now: Date): Promise<Draft> {
    const start = content && Object.keys(content).length ? content : await this.fromHousehold(principal);
    this.assertSize(start);
    const draft: Draft = { id: randomUUID(), owner: principal.subject, role: principal.role, content: start, status: 'open', createdAt: now, updatedAt: now };
    await this.households.insertDraft(draft);
    return draft;
  }

  async get(principal: Principal, id: string): Promise<Draft> {
    const draft = await this.households.draft(id);
    if (!draft || draft.owner !== principal.subject) throw new NotFoundError('Draft', id);
    return draft;
  }

  list(principal: Principal): Promise<Draft[]> {
    return this.households.draftsOf(principal.subject);
  }

  async save(principal: Principal, id: string, content: Record<string, unknown>): Promise<Draft> {
    this.assertSize(content);
    const draft = await this.get(principal, id);
    if (draft.status !== 'open' || !(await this.households.updateDraft(id, principal.subject, content))) {
      throw new ConflictError('DRAFT_SUBMITTED', 'This draft was submitted; start a new one or add to the application');
    }
    return this.get(principal, id);
  }

  async remove(principal: Principal, id: string): Promise<void> {
    await this.get(principal, id);
    await this.households.deleteDraft(id);
  }

  async submit(principal: Principal, id: string, knownMunicipalities: string[], now: Date): Promise<{ id: string; status: string }> {
    const draft = await this.get(principal, id);
    if (draft.status === 'submitted' && draft.applicationId) return { id: draft.applicationId, status: 'submitted' };
    const input = await validateInput(SubmitApplicationDto, draft.content, (dto) => applicationRules(dto, now, knownMunicipalities, principal.role));
    // The draft id is the idempotency key: a second submit finds the same application.
    const result = await this.submitApplication.execute({ principal, input, now, idempotencyKey: `draft:${id}` });
    await this.households.markDraftSubmitted(id, result.id);
    return result;
  }

  private async fromHousehold(principal: Principal): Promise<Record<string, unknown>> {
    const household = principal.role === 'parent' ? await this.households.household(principal.subject) : null;
    if (!household) return {};
    return {
      municipalityCode: household.municipalityCode,
      postcode: household.postcode,
      household: { composition: household.composition, circumstances: household.circumstances },
      children: household.children,
      items: [],
      contact: household.contact,
    };
  }

  private assertSize(content: unknown): void {
    if (Buffer.byteLength(JSON.stringify(content ?? {})) > MAX_DRAFT_BYTES) throw new ConflictError('DRAFT_TOO_LARGE', 'A draft holds at most 100 kB');
  }
}
