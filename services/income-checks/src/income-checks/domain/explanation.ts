import type { Circumstance } from '@fund-desk/contracts';
import type { IncomeAssessment } from './income-check';

export type Basis = 'register' | 'evidence' | 'circumstance' | 'declared-income' | 'none';
export type EvidenceReason = 'register-unavailable' | 'register-unknown-person' | 'evidence-rejected';

const CIRCUMSTANCE_WORDS: Record<Circumstance, { nl: string; en: string }> = {
  'social-assistance': { nl: 'een bijstandsuitkering', en: 'social assistance' },
  'debt-relief': { nl: 'schuldhulp of schuldsanering', en: 'debt relief' },
  'food-bank': { nl: 'een inschrijving bij de voedselbank', en: 'a food bank registration' },
};

const SOURCE: Record<Basis, { nl: string; en: string }> = {
  register: { nl: ' (volgens de gegevens van de gemeente)', en: " (from the municipality's records)" },
  evidence: { nl: ' (volgens uw bewijsstukken)', en: ' (from the documents you sent)' },
  circumstance: { nl: '', en: '' },
  'declared-income': { nl: ' (zoals u het opgaf)', en: ' (as you declared it)' },
  none: { nl: '', en: '' },
};

/** Why the outcome is what it is, in plain words (B1), in Dutch and English. */
export function explainAssessment(
  assessment: IncomeAssessment,
  basis: Basis,
  limitPercent: number,
  circumstances: Circumstance[],
): { nl: string; en: string } {
  const pct = assessment.percentageOfNorm.toFixed(1);
  const source = SOURCE[basis];
  if (assessment.outcome === 'eligible' && assessment.basis === 'circumstance') {
    const which = circumstances.filter((c) => CIRCUMSTANCE_WORDS[c]);
    return {
      nl: `U heeft ${which.map((c) => CIRCUMSTANCE_WORDS[c].nl).join(' en ')}. Daarom komt u in aanmerking, ook al is uw inkomen ${pct}% van de bijstandsnorm.`,
      en: `You have ${which.map((c) => CIRCUMSTANCE_WORDS[c].en).join(' and ')}. So you qualify, even though your income is ${pct}% of the social-assistance norm.`,
    };
  }
  if (assessment.outcome === 'eligible') {
    return {
      nl: `Uw inkomen is ${pct}% van de bijstandsnorm${source.nl}. De grens in uw gemeente is ${limitPercent}%. U komt in aanmerking.`,
      en: `Your income is ${pct}% of the social-assistance norm${source.en}. The limit in your municipality is ${limitPercent}%. You qualify.`,
    };
  }
  return {
    nl: `Uw inkomen is ${pct}% van de bijstandsnorm${source.nl}. Dat is meer dan de grens van ${limitPercent}% in uw gemeente.`,
    en: `Your income is ${pct}% of the social-assistance norm${source.en}. That is above the limit of ${limitPercent}% in your municipality.`,
  };
}

export function explainEvidenceNeeded(reason: EvidenceReason): { nl: string; en: string } {
  const ask = {
    nl: 'Stuur ons een bewijs van uw inkomen: een loonstrook, een uitkeringsbrief of een bankafschrift van de laatste maand.',
    en: 'Please send proof of your income: a payslip, a benefit letter or a bank statement of the last month.',
  };
  const why = {
    'register-unavailable': { nl: 'We konden uw inkomen nu niet bij de gemeente controleren.', en: 'We could not check your income with the municipality right now.' },
    'register-unknown-person': { nl: 'De gemeente kon uw gegevens niet vinden.', en: 'The municipality could not find your details.' },
    'evidence-rejected': { nl: 'Het bewijs dat u stuurde was niet genoeg.', en: 'The proof you sent was not enough.' },
  }[reason];
  return { nl: `${why.nl} ${ask.nl}`, en: `${why.en} ${ask.en}` };
}
