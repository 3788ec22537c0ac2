import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CATEGORIES, INCOME_CHECK_OUTCOMES, ITEM_STATUSES } from '@fund-desk/contracts';
import type { Lang } from '@fund-desk/platform';
import type { Application } from '../domain/application';
import { timelineText } from '../domain/timeline-text';

export class SubmittedView {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'submitted' }) status: string;
}

export class IncomeCheckResponse {
  @ApiProperty({ enum: ['pending', 'needs-evidence', 'completed'] }) status: string;
  @ApiPropertyOptional({ description: 'Where to send evidence when it is needed' }) checkId?: string;
  @ApiPropertyOptional({ enum: ['register', 'evidence', 'circumstance', 'declared-income', 'none'] }) basis?: string;
  @ApiPropertyOptional({ description: 'Why, in plain words, in the reader language' }) explanation?: string;
  @ApiPropertyOptional({ enum: INCOME_CHECK_OUTCOMES, nullable: true }) outcome: string | null;
  @ApiPropertyOptional({ nullable: true }) eligible: boolean | null;
  @ApiPropertyOptional({ nullable: true, example: 107.8 }) percentageOfNorm: number | null;
}

export class ItemResponse {
  @ApiProperty() id: string;
  @ApiProperty() childRef: string;
  @ApiProperty({ enum: CATEGORIES }) category: string;
  @ApiProperty() amountCents: number;
  @ApiPropertyOptional({ description: 'What the fund approved, when less than asked' }) approvedAmountCents?: number;
  @ApiProperty({ enum: ITEM_STATUSES }) status: string;
  @ApiPropertyOptional({ nullable: true }) fundId: string | null;
  @ApiPropertyOptional({ nullable: true }) fundName: string | null;
  @ApiPropertyOptional({ nullable: true }) reason: string | null;
  @ApiPropertyOptional({ description: 'What happens next, or what the parent can do, in plain words' }) nextStep?: string;
  @ApiPropertyOptional({ description: "How many days this fund usually takes to decide (median of its recent decisions)" }) expectedDecisionDays?: number;
  @ApiPropertyOptional({ description: 'Until when an objection to the decline is possible' }) objectionUntil?: string;
}

export class ConsentResponse {
  @ApiProperty() givenAt: string;
  @ApiPropertyOptional({ description: 'An intermediary applied: how the parent agreed' }) parent?: { name: string; method: string; givenOn: string; scope: string[] };
  @ApiPropertyOptional() withdrawnAt?: string;
}

export class TimelineResponse {
  @ApiProperty() at: string;
  @ApiProperty() type: string;
  @ApiPropertyOptional() itemId?: string;
  @ApiProperty() text: string;
}

export class ApplicationResponse {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ['submitted', 'in-progress', 'completed', 'withdrawn'] }) status: string;
  @ApiProperty() municipalityCode: string;
  @ApiProperty() submittedAt: string;
  @ApiProperty({ type: IncomeCheckResponse }) incomeCheck: IncomeCheckResponse;
  @ApiProperty({ type: [ItemResponse] }) items: ItemResponse[];
  @ApiProperty({ type: [TimelineResponse] }) timeline: TimelineResponse[];
  @ApiProperty({ enum: ['parent', 'intermediary'], description: 'Who applied' }) appliedBy: string;
  @ApiProperty({ type: ConsentResponse }) consent: ConsentResponse;
  @ApiPropertyOptional({ description: "An intermediary linked to the family applied on the family's behalf: the parent's account" }) onBehalfOf?: string;
}

export class ApplicationListResponse {
  @ApiProperty({ type: [ApplicationResponse] }) items: ApplicationResponse[];
}

const OBJECTION_TERM_MS = 42 * 24 * 3600 * 1000;

/** What an item's parent can expect or do now, in plain words. */
function nextStep(item: Application['items'][number], lang: Lang, days: number | undefined): string | undefined {
  const t = (nl: string, en: string) => (lang === 'en' ? en : nl);
  switch (item.status) {
    case 'pending':
      return t('We kijken eerst of uw inkomen past. U hoeft niets te doen.', 'First we check your income. You do not need to do anything.');
    case 'routed':
      return days !== undefined
        ? t(`${item.fundName} beslist. Dat duurt meestal ongeveer ${days} dagen.`, `${item.fundName} will decide. That usually takes about ${days} days.`)
        : t(`${item.fundName} beslist. U krijgt bericht.`, `${item.fundName} will decide. We will let you know.`);
    case 'information-requested':
      return t('Het fonds heeft een vraag. Beantwoord die, dan gaat het fonds verder.', 'The fund has a question. Answer it, and the fund will go on.');
    case 'approved':
      return t('Goedgekeurd. Het fonds regelt de betaling; u krijgt bericht als het klaar is.', 'Approved. The fund arranges the payment; we will tell you when it is done.');
    case 'declined':
      return t('Afgewezen. Bent u het er niet mee eens? U kunt binnen 6 weken bezwaar maken.', 'Declined. Do you disagree? You can object within 6 weeks.');
    default:
      return undefined;
  }
}

export function toResponse(application: Application, lang: Lang, expectedDays: (fundId: string) => number | undefined = () => undefined): ApplicationResponse {
  return {
    id: application.id,
    status: application.status,
    municipalityCode: application.municipalityCode,
    submittedAt: application.submittedAt,
    incomeCheck: {
      status: application.incomeCheck.status,
      outcome: application.incomeCheck.outcome,
      eligible: application.incomeCheck.eligible,
      percentageOfNorm: application.incomeCheck.percentageOfNorm,
      ...(application.incomeCheck.checkId ? { checkId: application.incomeCheck.checkId } : {}),
      ...(application.incomeCheck.basis ? { basis: application.incomeCheck.basis } : {}),
      ...(application.incomeCheck.explanation ? { explanation: application.incomeCheck.explanation[lang] } : {}),
    },
    items: application.items.map((i) => ({
      id: i.itemId,
      childRef: i.childRef,
      category: i.category,
      amountCents: i.amountCents,
      ...(i.approvedAmountCents !== undefined ? { approvedAmountCents: i.approvedAmountCents } : {}),
      status: i.status,
      fundId: i.fundId,
      fundName: i.fundName,
      reason: i.reason,
      ...(() => {
        const days = i.fundId && i.status === 'routed' ? expectedDays(i.fundId) : undefined;
        const next = nextStep(i, lang, days);
        const until = i.status === 'declined' && i.decidedAt && !i.objection ? new Date(Date.parse(i.decidedAt) + OBJECTION_TERM_MS).toISOString() : undefined;
        return { ...(next ? { nextStep: next } : {}), ...(days !== undefined ? { expectedDecisionDays: days } : {}), ...(until ? { objectionUntil: until } : {}) };
      })(),
    })),
    timeline: application.timeline.map((t) => ({ at: t.at, type: t.type, itemId: t.itemId, text: timelineText(t, lang) })),
    appliedBy: application.applicant.role === 'intermediary' ? 'intermediary' : 'parent',
    consent: {
      givenAt: application.consent.givenAt,
      ...(application.consent.parent
        ? { parent: { name: application.consent.parent.name, method: application.consent.parent.method, givenOn: application.consent.parent.givenOn, scope: application.consent.parent.scope } }
        : {}),
      ...(application.consent.withdrawnAt ? { withdrawnAt: application.consent.withdrawnAt } : {}),
    },
    ...(application.onBehalfOf ? { onBehalfOf: application.onBehalfOf } : {}),
  };
}
