import { CATEGORY_LABELS } from '@fund-desk/contracts';
import type { Language } from '@fund-desk/contracts';

export type MessageKey =
  | 'application-received'
  | 'income-eligible'
  | 'income-not-eligible'
  | 'income-needs-evidence'
  | 'request-routed'
  | 'request-unroutable'
  | 'request-approved'
  | 'request-declined'
  | 'request-information-requested'
  | 'request-rerouted'
  | 'request-fulfilled'
  | 'request-duplicate';

interface Template {
  title: string;
  body: string;
}

/** Plain language (B1), with what happens next. Placeholders in {braces}. */
export const TEMPLATES: Record<MessageKey, Record<Language, Template>> = {
  'application-received': {
    nl: {
      title: 'We hebben uw aanvraag ontvangen',
      body: 'Bedankt. We hebben uw aanvraag voor {count} onderdeel/onderdelen ontvangen. We kijken eerst of uw inkomen past. Daarna sturen we elke aanvraag naar het fonds dat erbij past. U hoeft nu niets te doen.',
    },
    en: {
      title: 'We received your application',
      body: 'Thank you. We received your application for {count} item(s). First we check your income. Then we send each request to the fund that fits. You do not need to do anything now.',
    },
  },
  'income-eligible': {
    nl: {
      title: 'Uw inkomen past',
      body: 'Uw inkomen is {percentage}% van de bijstandsnorm. Dat past. We sturen uw aanvragen nu naar de fondsen.',
    },
    en: {
      title: 'Your income qualifies',
      body: 'Your income is {percentage}% of the social-assistance norm. That qualifies. We are now sending your requests to the funds.',
    },
  },
  'income-not-eligible': {
    nl: {
      title: 'Uw inkomen is te hoog voor de fondsen',
      body: 'Uw inkomen is {percentage}% van de bijstandsnorm. Dat is meer dan de grens. Daarom kunnen de fondsen u nu niet helpen. Klopt dit niet, of veranderde uw inkomen? Dien dan een nieuwe aanvraag in.',
    },
    en: {
      title: 'Your income is above the limit for the funds',
      body: 'Your income is {percentage}% of the social-assistance norm. That is above the limit, so the funds cannot help you now. Is this not right, or did your income change? Then send a new application.',
    },
  },
  'income-needs-evidence': {
    nl: {
      title: 'We hebben bewijs van uw inkomen nodig',
      body: 'We konden uw inkomen nog niet controleren. Stuur ons een bewijs van uw inkomen, zoals een loonstrook of een brief van de gemeente.',
    },
    en: {
      title: 'We need proof of your income',
      body: 'We could not check your income yet. Please send us proof of your income, such as a payslip or a letter from the municipality.',
    },
  },
  'request-routed': {
    nl: {
      title: 'Uw aanvraag is bij {fund}',
      body: 'Uw aanvraag voor {category} voor {child} is naar {fund} gestuurd. Zij beslissen erover. U krijgt bericht als er een besluit is.',
    },
    en: {
      title: 'Your request is with {fund}',
      body: 'Your request for {category} for {child} was sent to {fund}. They will decide on it. We will tell you when there is a decision.',
    },
  },
  'request-approved': {
    nl: {
      title: '{fund} heeft uw aanvraag goedgekeurd',
      body: 'Goed nieuws: {fund} betaalt {category} voor {child}. Het fonds betaalt de school, club of winkel zelf. U krijgt bericht als het geregeld is.',
    },
    en: {
      title: '{fund} approved your request',
      body: 'Good news: {fund} pays for {category} for {child}. The fund pays the school, club or shop directly. We will tell you when it is arranged.',
    },
  },
  'request-declined': {
    nl: {
      title: '{fund} heeft uw aanvraag afgewezen',
      body: '{fund} kan {category} voor {child} niet betalen. {message} {next}',
    },
    en: {
      title: '{fund} declined your request',
      body: '{fund} cannot pay for {category} for {child}. {message} {next}',
    },
  },
  'request-information-requested': {
    nl: {
      title: '{fund} heeft een vraag',
      body: '{fund} heeft een vraag over {category} voor {child}: {message} Beantwoord de vraag in uw aanvraag, dan gaat het fonds verder.',
    },
    en: {
      title: '{fund} has a question',
      body: '{fund} has a question about {category} for {child}: {message} Answer it in your application, and the fund will go on.',
    },
  },
  'request-rerouted': {
    nl: {
      title: 'Uw aanvraag is nu bij {fund}',
      body: 'We hebben uw aanvraag voor {category} voor {child} naar {fund} gestuurd. Zij beslissen erover. U hoeft niets te doen.',
    },
    en: {
      title: 'Your request is now with {fund}',
      body: 'We sent your request for {category} for {child} on to {fund}. They will decide on it. You do not need to do anything.',
    },
  },
  'request-fulfilled': {
    nl: {
      title: '{category} is geregeld',
      body: '{fund} heeft {category} voor {child} geregeld. Neem contact op met de school, club of winkel als u vragen heeft.',
    },
    en: {
      title: '{category} is arranged',
      body: '{fund} has arranged {category} for {child}. Contact the school, club or shop if you have questions.',
    },
  },
  'request-unroutable': {
    nl: {
      title: 'Geen fonds kan dit betalen',
      body: 'Helaas kan geen fonds {category} voor {child} betalen. De reden: {reason}. Heeft u vragen? Neem contact op met uw gemeente.',
    },
    en: {
      title: 'No fund can pay for this',
      body: 'Unfortunately no fund can pay for {category} for {child}. The reason: {reason}. Any questions? Contact your municipality.',
    },
  },
  'request-duplicate': {
    nl: {
      title: 'U heeft dit al aangevraagd',
      body: 'U vroeg al eerder dit jaar {category} aan voor {child}. Die eerste aanvraag loopt nog of is al toegekend. Daarom sturen we deze tweede aanvraag niet door. U hoeft niets te doen. Was dit voor iets anders? Dien dan een nieuwe aanvraag in en leg uit waarvoor.',
    },
    en: {
      title: 'You already asked for this',
      body: 'Earlier this year you already asked for {category} for {child}. That first request is still open or already granted, so we do not send this second one on. You do not need to do anything. Was this for something else? Then send a new request and explain what it is for.',
    },
  },
};

export const CATEGORY_NAMES = CATEGORY_LABELS;

export const REASON_NAMES: Record<string, Record<Language, string>> = {
  'municipality-not-served': { nl: 'het fonds werkt niet in uw gemeente', en: 'the fund does not work in your municipality' },
  'category-not-covered': { nl: 'het fonds betaalt dit niet', en: 'the fund does not pay for this' },
  'age-out-of-range': { nl: 'de leeftijd van het kind past niet', en: "the child's age does not fit" },
  'income-above-limit': { nl: 'het inkomen is hoger dan de grens van het fonds', en: "the income is above the fund's limit" },
  'amount-above-limit': { nl: 'het bedrag is hoger dan het fonds per kind per jaar betaalt', en: 'the amount is more than the fund pays per child per year' },
  'child-amount-reached': {
    nl: 'het fonds heeft dit jaar al het hoogste bedrag voor dit kind betaald of toegezegd',
    en: 'the fund has already paid or promised the most it gives for this child this year',
  },
  'child-count-reached': {
    nl: 'het fonds heeft dit al eerder voor dit kind betaald (bijvoorbeeld een fiets eens in de 5 jaar)',
    en: 'the fund already paid for this for this child before (for example a bicycle once every 5 years)',
  },
  'budget-exhausted': { nl: 'het geld van het fonds is voor dit jaar op', en: "the fund's money for this year has run out" },
};

export interface RenderedMessage {
  title: string;
  body: string;
}

/** Fills a template; a missing language falls back to Dutch. */
export function render(key: MessageKey, language: Language, params: Record<string, string | number>): RenderedMessage {
  const template = TEMPLATES[key][language] ?? TEMPLATES[key].nl;
  const fill = (text: string) => text.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
  return { title: fill(template.title), body: fill(template.body) };
}
