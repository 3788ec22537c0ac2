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
}

export class ApplicationListResponse {
  @ApiProperty({ type: [ApplicationResponse] }) items: ApplicationResponse[];
}

export function toResponse(application: Application, lang: Lang): ApplicationResponse {
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
    })),
    timeline: application.timeline.map((t) => ({ at: t.at, type: t.type, itemId: t.itemId, text: timelineText(t, lang) })),
  };
}
