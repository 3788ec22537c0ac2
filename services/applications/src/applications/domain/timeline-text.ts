import { CATEGORY_LABELS, Category } from '@fund-desk/contracts';
import type { Lang } from '@fund-desk/platform';
import type { TimelineEntry } from './application';

const TEXTS: Record<string, Record<Lang, string>> = {
  submitted: {
    nl: 'We hebben uw aanvraag ontvangen. We kijken nu of uw inkomen past.',
    en: 'We received your application. We are now checking your income.',
  },
  'submitted-on-behalf': {
    nl: '{by} heeft deze aanvraag namens uw gezin gedaan. We hebben hem ontvangen en kijken nu of uw inkomen past.',
    en: '{by} made this application on behalf of your family. We received it and are now checking your income.',
  },
  'income-eligible': {
    nl: 'Uw inkomen past ({percentage}% van de bijstandsnorm). We sturen elke aanvraag naar het fonds dat erbij past.',
    en: 'Your income qualifies ({percentage}% of the social-assistance norm). We are sending each request to the fund that fits.',
  },
  'income-not-eligible': {
    nl: 'Uw inkomen is hoger dan de grens ({percentage}% van de bijstandsnorm). Daarom kunnen de fondsen u nu niet helpen.',
    en: 'Your income is above the limit ({percentage}% of the social-assistance norm), so the funds cannot help you now.',
  },
  'income-needs-evidence': {
    nl: 'We hebben bewijs van uw inkomen nodig. U krijgt bericht wat u kunt sturen.',
    en: 'We need proof of your income. We will tell you what to send.',
  },
  routed: {
    nl: 'Uw aanvraag voor {category} is naar {fund} gestuurd. Zij nemen een besluit.',
    en: 'Your request for {category} was sent to {fund}. They will decide.',
  },
  'request-approved': {
    nl: '{fund} heeft uw aanvraag voor {category} goedgekeurd. Zij betalen de school, club of winkel.',
    en: '{fund} approved your request for {category}. They pay the school, club or shop.',
  },
  'request-declined': {
    nl: '{fund} heeft uw aanvraag voor {category} afgewezen. {message}',
    en: '{fund} declined your request for {category}. {message}',
  },
  'request-information-requested': {
    nl: '{fund} heeft een vraag over uw aanvraag voor {category}: {message}',
    en: '{fund} has a question about your request for {category}: {message}',
  },
  rerouted: {
    nl: 'We hebben uw aanvraag voor {category} naar {fund} gestuurd.',
    en: 'We sent your request for {category} on to {fund}.',
  },
  fulfilled: {
    nl: '{fund} heeft {category} geregeld.',
    en: '{fund} has arranged {category}.',
  },
  'items-added': {
    nl: 'U heeft {count} aanvraag/aanvragen toegevoegd. We sturen ze naar het fonds dat erbij past.',
    en: 'You added {count} request(s). We are sending them to the fund that fits.',
  },
  'item-withdrawn': {
    nl: 'U heeft uw aanvraag voor {category} ingetrokken. Het fonds stopt ermee.',
    en: 'You withdrew your request for {category}. The fund stops working on it.',
  },
  withdrawn: {
    nl: 'U heeft de aanvraag ingetrokken. De fondsen stoppen met alles wat nog open stond.',
    en: 'You withdrew the application. The funds stop everything that was still open.',
  },
  'consent-withdrawn': {
    nl: 'De toestemming is ingetrokken. De aanvraag is gestopt.',
    en: 'Consent was withdrawn. The application has stopped.',
  },
  'objection-filed': {
    nl: 'U heeft bezwaar gemaakt tegen het besluit over {category}. {fund} kijkt er opnieuw naar.',
    en: 'You objected to the decision on {category}. {fund} will look at it again.',
  },
  reopened: {
    nl: '{fund} behandelt uw aanvraag voor {category} opnieuw.',
    en: '{fund} is handling your request for {category} again.',
  },
  answered: {
    nl: 'U heeft de vraag van {fund} over {category} beantwoord. Zij kijken er weer naar.',
    en: "You answered {fund}'s question about {category}. They are looking at it again.",
  },
  duplicate: {
    nl: 'U vroeg dit jaar al {category} aan voor dit kind. We sturen deze tweede aanvraag niet door; de eerste loopt door.',
    en: 'You already asked for {category} for this child this year. We do not send this second request on; the first one goes on.',
  },
  unroutable: {
    nl: 'Geen fonds kan {category} betalen: {reason}',
    en: 'No fund can pay for {category}: {reason}',
  },
};

/** Who acted for the family: the intermediary, with their organisation when known. */
const INTERMEDIARY: Record<Lang, string> = { nl: 'Uw hulpverlener', en: 'Your support worker' };

export function timelineText(entry: TimelineEntry, lang: Lang): string {
  const template = TEXTS[entry.message]?.[lang] ?? entry.message;
  return template.replace(/\{(\w+)\}/g, (_, key: string) => {
    const value = entry.params?.[key] ?? '';
    if (key === 'by') return value ? `${INTERMEDIARY[lang]} (${value})` : INTERMEDIARY[lang];
    return key === 'category' ? (CATEGORY_LABELS[value as Category]?.[lang] ?? value) : value;
  });
}
