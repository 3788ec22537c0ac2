import { CATEGORY_LABELS } from '@fund-desk/contracts';
import type { Category, FulfilmentMethod } from '@fund-desk/contracts';

/**
 * Languages the templates know. Deliberately not the contracts' Language: a person may choose a language
 * before its texts exist, and texts may be written before the contracts offer the language.
 */
export const TEMPLATE_LANGUAGES = ['nl', 'en', 'ar', 'tr', 'pl', 'uk'] as const;
export type TemplateLanguage = (typeof TEMPLATE_LANGUAGES)[number];

/** Every message exists in these; the compiler and the tests hold them to it. */
export const COMPLETE_LANGUAGES = ['nl', 'en'] as const satisfies readonly TemplateLanguage[];
export type CompleteLanguage = (typeof COMPLETE_LANGUAGES)[number];

/** What a message falls back to when the asked language has no text for it. */
export const FALLBACK_LANGUAGE = 'nl' satisfies CompleteLanguage;

export const RTL_LANGUAGES: readonly TemplateLanguage[] = ['ar'];

export type TextDirection = 'ltr' | 'rtl';

export const MESSAGE_KEYS = [
  'application-received',
  'income-eligible',
  'income-not-eligible',
  'income-needs-evidence',
  'request-routed',
  'request-unroutable',
  'request-approved',
  'request-declined',
  'request-information-requested',
  'information-reminder',
  'request-rerouted',
  'request-fulfilled',
  'request-duplicate',
  'staff-digest',
] as const;
export type MessageKey = (typeof MESSAGE_KEYS)[number];

export interface Template {
  title: string;
  body: string;
  /** Read on its own, without the portal: short (at most 300 characters once filled), no links, with the next step. */
  sms: string;
}

/** Complete languages must have the text; the others may have it or not yet. */
export type TemplateSet = Record<CompleteLanguage, Template> & Partial<Record<TemplateLanguage, Template>>;

/** Plain language (B1), with what happens next. Placeholders in {braces}. */
export const TEMPLATES: Record<MessageKey, TemplateSet> = {
  'application-received': {
    nl: {
      title: 'We hebben uw aanvraag ontvangen',
      body: 'Bedankt. We hebben uw aanvraag voor {count} onderdeel/onderdelen ontvangen. We kijken eerst of uw inkomen past. Daarna sturen we elke aanvraag naar het fonds dat erbij past. U hoeft nu niets te doen.',
      sms: 'Fund-desk: We hebben uw aanvraag ontvangen. Aantal onderdelen: {count}. We kijken eerst of uw inkomen past. U hoeft nu niets te doen.',
    },
    en: {
      title: 'We received your application',
      body: 'Thank you. We received your application for {count} item(s). First we check your income. Then we send each request to the fund that fits. You do not need to do anything now.',
      sms: 'Fund-desk: We received your application. Number of items: {count}. First we check your income. You do not need to do anything now.',
    },
    tr: {
      title: 'Başvurunuzu aldık',
      body: 'Teşekkür ederiz. Başvurunuzu aldık. Başvurunuzda {count} talep var. Önce gelirinizi kontrol ediyoruz. Sonra her talebi uygun olan fona gönderiyoruz. Şu anda bir şey yapmanıza gerek yok.',
      sms: 'Fund-desk: Başvurunuzu aldık. Talep sayısı: {count}. Önce gelirinizi kontrol ediyoruz. Şu anda bir şey yapmanıza gerek yok.',
    },
    uk: {
      title: 'Ми отримали вашу заявку',
      body: 'Дякуємо. Ми отримали вашу заявку. Кількість запитів у заявці: {count}. Спочатку ми перевіряємо ваш дохід. Потім ми надсилаємо кожен запит до відповідного фонду. Зараз вам не потрібно нічого робити.',
      sms: 'Fund-desk: Ми отримали вашу заявку. Кількість запитів: {count}. Спочатку ми перевіряємо ваш дохід. Зараз вам не потрібно нічого робити.',
    },
  },
  'income-eligible': {
    nl: {
      title: 'Uw inkomen past',
      body: 'Uw inkomen is {percentage}% van de bijstandsnorm. Dat past. We sturen uw aanvragen nu naar de fondsen.',
      sms: 'Fund-desk: Uw inkomen past. Het is {percentage}% van de bijstandsnorm. We sturen uw aanvragen nu naar de fondsen. U hoeft niets te doen.',
    },
    en: {
      title: 'Your income qualifies',
      body: 'Your income is {percentage}% of the social-assistance norm. That qualifies. We are now sending your requests to the funds.',
      sms: 'Fund-desk: Your income qualifies. It is {percentage}% of the social-assistance norm. We are now sending your requests to the funds. You do not need to do anything.',
    },
  },
  'income-not-eligible': {
    nl: {
      title: 'Uw inkomen is te hoog voor de fondsen',
      body: 'Uw inkomen is {percentage}% van de bijstandsnorm. Dat is meer dan de grens. Daarom kunnen de fondsen u nu niet helpen. Klopt dit niet, of veranderde uw inkomen? Dien dan een nieuwe aanvraag in.',
      sms: 'Fund-desk: Uw inkomen is {percentage}% van de bijstandsnorm. Dat is meer dan de grens, dus de fondsen kunnen u nu niet helpen. Klopt dit niet, of veranderde uw inkomen? Dien dan een nieuwe aanvraag in.',
    },
    en: {
      title: 'Your income is above the limit for the funds',
      body: 'Your income is {percentage}% of the social-assistance norm. That is above the limit, so the funds cannot help you now. Is this not right, or did your income change? Then send a new application.',
      sms: 'Fund-desk: Your income is {percentage}% of the social-assistance norm. That is above the limit, so the funds cannot help you now. Is this not right, or did your income change? Then send a new application.',
    },
  },
  'income-needs-evidence': {
    nl: {
      title: 'We hebben bewijs van uw inkomen nodig',
      body: 'We konden uw inkomen nog niet controleren. Stuur ons een bewijs van uw inkomen, zoals een loonstrook of een brief van de gemeente.',
      sms: 'Fund-desk: We konden uw inkomen nog niet controleren. Stuur ons een bewijs van uw inkomen, zoals een loonstrook of een brief van de gemeente.',
    },
    en: {
      title: 'We need proof of your income',
      body: 'We could not check your income yet. Please send us proof of your income, such as a payslip or a letter from the municipality.',
      sms: 'Fund-desk: We could not check your income yet. Please send us proof of your income, such as a payslip or a letter from the municipality.',
    },
  },
  'request-routed': {
    nl: {
      title: 'Uw aanvraag is bij {fund}',
      body: 'Uw aanvraag voor {category} voor {child} is naar {fund} gestuurd. Zij beslissen erover. U krijgt bericht als er een besluit is.',
      sms: 'Fund-desk: Uw aanvraag voor {category} voor {child} is bij {fund}. Zij beslissen erover. U krijgt bericht als er een besluit is. U hoeft nu niets te doen.',
    },
    en: {
      title: 'Your request is with {fund}',
      body: 'Your request for {category} for {child} was sent to {fund}. They will decide on it. We will tell you when there is a decision.',
      sms: 'Fund-desk: Your request for {category} for {child} is with {fund}. They will decide on it. We will tell you when there is a decision. You do not need to do anything now.',
    },
  },
  'request-approved': {
    nl: {
      title: '{fund} heeft uw aanvraag goedgekeurd',
      body: 'Goed nieuws: {fund} betaalt {category} voor {child}. Het fonds betaalt de school, club of winkel zelf. U krijgt bericht als het geregeld is.',
      sms: 'Fund-desk: Goed nieuws: {fund} betaalt {category} voor {child}. Het fonds betaalt de school, club of winkel zelf. U krijgt bericht als het geregeld is.',
    },
    en: {
      title: '{fund} approved your request',
      body: 'Good news: {fund} pays for {category} for {child}. The fund pays the school, club or shop directly. We will tell you when it is arranged.',
      sms: 'Fund-desk: Good news: {fund} pays for {category} for {child}. The fund pays the school, club or shop directly. We will tell you when it is arranged.',
    },
  },
  'request-declined': {
    nl: {
      title: '{fund} heeft uw aanvraag afgewezen',
      body: '{fund} kan {category} voor {child} niet betalen. {message} {next}',
      sms: 'Fund-desk: {fund} kan {category} voor {child} niet betalen. Lees in de portal waarom, en wat u nu kunt doen.',
    },
    en: {
      title: '{fund} declined your request',
      body: '{fund} cannot pay for {category} for {child}. {message} {next}',
      sms: 'Fund-desk: {fund} cannot pay for {category} for {child}. Read in the portal why, and what you can do now.',
    },
  },
  'request-information-requested': {
    nl: {
      title: '{fund} heeft een vraag',
      body: '{fund} heeft een vraag over {category} voor {child}: {message} Beantwoord de vraag in uw aanvraag, dan gaat het fonds verder.',
      sms: 'Fund-desk: {fund} heeft een vraag over {category} voor {child}. Beantwoord de vraag in de portal, bij uw aanvraag. Dan gaat het fonds verder.',
    },
    en: {
      title: '{fund} has a question',
      body: '{fund} has a question about {category} for {child}: {message} Answer it in your application, and the fund will go on.',
      sms: 'Fund-desk: {fund} has a question about {category} for {child}. Answer it in the portal, under your application. Then the fund will go on.',
    },
  },
  'information-reminder': {
    nl: {
      title: '{fund} wacht nog op uw antwoord',
      body: '{fund} stelde {days} dagen geleden een vraag over {category} voor {child}. De vraag is nog niet beantwoord. Dit is de vraag: {message} Beantwoord de vraag in de portal, bij uw aanvraag. Zonder uw antwoord kan het fonds geen besluit nemen.',
      sms: 'Fund-desk: {fund} wacht al {days} dagen op uw antwoord over {category} voor {child}. Beantwoord de vraag in de portal, bij uw aanvraag. Zonder uw antwoord kan het fonds geen besluit nemen.',
    },
    en: {
      title: '{fund} is still waiting for your answer',
      body: '{days} days ago {fund} asked a question about {category} for {child}. The question has not been answered yet. This is the question: {message} Answer it in the portal, under your application. Without your answer the fund cannot decide.',
      sms: 'Fund-desk: {fund} has been waiting {days} days for your answer about {category} for {child}. Answer the question in the portal, under your application. Without your answer the fund cannot decide.',
    },
  },
  'request-rerouted': {
    nl: {
      title: 'Uw aanvraag is nu bij {fund}',
      body: 'We hebben uw aanvraag voor {category} voor {child} naar {fund} gestuurd. Zij beslissen erover. U hoeft niets te doen.',
      sms: 'Fund-desk: Uw aanvraag voor {category} voor {child} is nu bij {fund}. Zij beslissen erover. U hoeft niets te doen.',
    },
    en: {
      title: 'Your request is now with {fund}',
      body: 'We sent your request for {category} for {child} on to {fund}. They will decide on it. You do not need to do anything.',
      sms: 'Fund-desk: Your request for {category} for {child} is now with {fund}. They will decide on it. You do not need to do anything.',
    },
  },
  'request-fulfilled': {
    nl: {
      title: '{category} is geregeld',
      body: '{fund} heeft {category} voor {child} geregeld. {next} Heeft u vragen? Neem contact op met de school, club of winkel.',
      sms: 'Fund-desk: {fund} heeft {category} voor {child} geregeld. {next}',
    },
    en: {
      title: '{category} is arranged',
      body: '{fund} has arranged {category} for {child}. {next} Any questions? Contact the school, club or shop.',
      sms: 'Fund-desk: {fund} has arranged {category} for {child}. {next}',
    },
  },
  'request-unroutable': {
    nl: {
      title: 'Geen fonds kan dit betalen',
      body: 'Helaas kan geen fonds {category} voor {child} betalen. De reden: {reason}. Heeft u vragen? Neem contact op met uw gemeente.',
      sms: 'Fund-desk: Helaas kan geen fonds {category} voor {child} betalen. De reden staat in de portal. Heeft u vragen? Neem contact op met uw gemeente.',
    },
    en: {
      title: 'No fund can pay for this',
      body: 'Unfortunately no fund can pay for {category} for {child}. The reason: {reason}. Any questions? Contact your municipality.',
      sms: 'Fund-desk: Unfortunately no fund can pay for {category} for {child}. The reason is in the portal. Any questions? Contact your municipality.',
    },
  },
  'request-duplicate': {
    nl: {
      title: 'U heeft dit al aangevraagd',
      body: 'U vroeg al eerder dit jaar {category} aan voor {child}. Die eerste aanvraag loopt nog of is al toegekend. Daarom sturen we deze tweede aanvraag niet door. U hoeft niets te doen. Was dit voor iets anders? Dien dan een nieuwe aanvraag in en leg uit waarvoor.',
      sms: 'Fund-desk: U vroeg dit jaar al {category} aan voor {child}. Daarom sturen we deze tweede aanvraag niet door. U hoeft niets te doen. Was dit voor iets anders? Dien dan een nieuwe aanvraag in en leg uit waarvoor.',
    },
    en: {
      title: 'You already asked for this',
      body: 'Earlier this year you already asked for {category} for {child}. That first request is still open or already granted, so we do not send this second one on. You do not need to do anything. Was this for something else? Then send a new request and explain what it is for.',
      sms: 'Fund-desk: You already asked for {category} for {child} this year, so we do not send this second request on. You do not need to do anything. Was this for something else? Then send a new request and explain what it is for.',
    },
  },
  // {period} is a phrase from the caller ('vandaag', 'sinds gisteren', 'in the last hour'): placed so that any of them reads well.
  'staff-digest': {
    nl: {
      title: 'Aanvragen voor {fund}: {newCount} nieuw, {waitingCount} wachtend',
      body: '{newCount} nieuwe aanvragen en {waitingCount} wachtende aanvragen voor {fund}; de oudste wacht {oldestDays} dagen. Periode: {period}. Open de wachtrij van {fund} in de console om ze te behandelen.',
      sms: 'Fund-desk: {newCount} nieuwe en {waitingCount} wachtende aanvragen voor {fund} ({period}); de oudste wacht {oldestDays} dagen. Open de wachtrij van het fonds in de console.',
    },
    en: {
      title: 'Requests for {fund}: {newCount} new, {waitingCount} waiting',
      body: '{newCount} new requests and {waitingCount} waiting requests for {fund}; the oldest has been waiting {oldestDays} days. Period: {period}. Open the queue of {fund} in the console to handle them.',
      sms: "Fund-desk: {newCount} new and {waitingCount} waiting requests for {fund} ({period}); the oldest has been waiting {oldestDays} days. Open the fund's queue in the console.",
    },
  },
};

/** A word or phrase per language: complete languages required, the others optional. */
export type LanguageTexts = Record<CompleteLanguage, string> & Partial<Record<TemplateLanguage, string>>;

/** What the parent does now, per way a fund fulfilled a request. */
export const FULFILMENT_NEXT: Record<FulfilmentMethod, Record<CompleteLanguage, string>> = {
  'provider-paid': {
    nl: 'Het fonds heeft de rekening betaald. U kunt uw kind nu aanmelden of het spul ophalen.',
    en: 'The fund has paid the bill. You can now sign your child up or collect the items.',
  },
  voucher: {
    nl: 'U krijgt een waardebon. Neem die mee naar de winkel of club.',
    en: 'You get a voucher. Take it to the shop or club.',
  },
  delivered: {
    nl: 'Het pakket is bij u bezorgd of ligt klaar om op te halen.',
    en: 'The package was delivered to you or is ready to collect.',
  },
};

export const CATEGORY_NAMES = CATEGORY_LABELS;

export const REASON_NAMES: Record<string, LanguageTexts> = {
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
  sms: string;
  /** The language actually used: the asked one, or Dutch when the asked one has no text for this message. */
  language: TemplateLanguage;
  direction: TextDirection;
}

/** 'tr', 'TR', 'tr-TR' and 'tr_TR' all mean Turkish; anything unknown is null. */
export function templateLanguageOf(language: string): TemplateLanguage | null {
  const primary = language.trim().toLowerCase().split(/[-_]/)[0];
  return (TEMPLATE_LANGUAGES as readonly string[]).includes(primary) ? (primary as TemplateLanguage) : null;
}

export function directionOf(language: string): TextDirection {
  const known = templateLanguageOf(language);
  return known && RTL_LANGUAGES.includes(known) ? 'rtl' : 'ltr';
}

/**
 * The language `render` will use for this message: callers that put words of their own into the params
 * (a category name, a reason) should write them in this language, so one message is never two languages.
 */
export function languageFor(key: MessageKey, language: string): TemplateLanguage {
  const known = templateLanguageOf(language);
  return known && TEMPLATES[key][known] ? known : FALLBACK_LANGUAGE;
}

/** A category as it reads in a sentence, in the language asked or else in Dutch. */
export function categoryName(category: Category, language: string): string {
  const names: Partial<Record<string, string>> = CATEGORY_NAMES[category];
  return names[templateLanguageOf(language) ?? FALLBACK_LANGUAGE] ?? names[FALLBACK_LANGUAGE]!;
}

/** A routing reason in the language asked or else in Dutch; an unknown reason stays as its code. */
export function reasonName(reason: string, language: string): string {
  const names = REASON_NAMES[reason];
  if (!names) return reason;
  return names[templateLanguageOf(language) ?? FALLBACK_LANGUAGE] ?? names[FALLBACK_LANGUAGE];
}

/**
 * Fills a template in the asked language, or in Dutch when that language has no text for this message.
 * A placeholder without a value stays visible as {name}, so a missing value is seen, not silently dropped.
 */
export function render(key: MessageKey, language: string, params: Record<string, string | number>): RenderedMessage {
  const used = languageFor(key, language);
  const template = TEMPLATES[key][used] ?? TEMPLATES[key][FALLBACK_LANGUAGE];
  const fill = (text: string) => text.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
  return { title: fill(template.title), body: fill(template.body), sms: fill(template.sms), language: used, direction: directionOf(used) };
}

/** Every (language, message) that has no text yet; render falls back to Dutch for these. */
export function translationGaps(): { language: TemplateLanguage; key: MessageKey }[] {
  return TEMPLATE_LANGUAGES.flatMap((language) => MESSAGE_KEYS.filter((key) => !TEMPLATES[key][language]).map((key) => ({ language, key })));
}
