export type Lang = 'nl' | 'en';

/** Picks the reader's language from Accept-Language: English when asked for, Dutch otherwise. */
export function languageOf(acceptLanguage: string | undefined): Lang {
  if (!acceptLanguage) return 'nl';
  for (const part of acceptLanguage.split(',')) {
    const tag = part.trim().slice(0, 2).toLowerCase();
    if (tag === 'nl') return 'nl';
    if (tag === 'en') return 'en';
  }
  return 'nl';
}

/** Titles of problem types, in plain language (B1). */
export const TITLES: Record<string, Record<Lang, string>> = {
  VALIDATION_FAILED: { nl: 'Niet alle gegevens kloppen', en: 'Some details are not right' },
  UNAUTHENTICATED: { nl: 'U bent niet ingelogd', en: 'You are not signed in' },
  FORBIDDEN: { nl: 'Dit mag u niet bekijken of doen', en: 'You may not see or do this' },
  NOT_FOUND: { nl: 'Niet gevonden', en: 'Not found' },
  CONFLICT: { nl: 'Dit is al gebeurd of botst met iets anders', en: 'This already happened or conflicts with something else' },
  UNAVAILABLE: { nl: 'De dienst is even niet bereikbaar', en: 'The service is not available right now' },
  BAD_REQUEST: { nl: 'Het verzoek klopt niet', en: 'The request is not right' },
  INTERNAL: { nl: 'Er ging iets mis aan onze kant', en: 'Something went wrong on our side' },
  PAYLOAD_TOO_LARGE: { nl: 'Dit is te groot om te versturen', en: 'This is too large to send' },
  LENGTH_REQUIRED: { nl: 'Het verzoek zegt niet hoe groot het is', en: 'The request does not say how large it is' },
  TOO_MANY_REQUESTS: { nl: 'Te veel verzoeken achter elkaar. Wacht even en probeer het opnieuw.', en: 'Too many requests in a row. Wait a moment and try again.' },
};

/** Field messages per validation rule. */
export const FIELD_MESSAGES: Record<string, Record<Lang, string>> = {
  required: { nl: 'Vul dit in', en: 'Fill this in' },
  whitelistValidation: { nl: 'Dit veld kennen we niet', en: 'This field is not known' },
  isString: { nl: 'Dit moet tekst zijn', en: 'This must be text' },
  isInt: { nl: 'Dit moet een heel getal zijn (in centen)', en: 'This must be a whole number (in cents)' },
  min: { nl: 'Dit getal is te klein', en: 'This number is too small' },
  max: { nl: 'Dit getal is te groot', en: 'This number is too large' },
  isPositive: { nl: 'Dit moet meer dan 0 zijn', en: 'This must be more than 0' },
  isIn: { nl: 'Kies een van de mogelijke waarden', en: 'Choose one of the allowed values' },
  isEnum: { nl: 'Kies een van de mogelijke waarden', en: 'Choose one of the allowed values' },
  isEmail: { nl: 'Dit is geen geldig e-mailadres', en: 'This is not a valid e-mail address' },
  isISO8601: { nl: 'Dit moet een datum zijn (JJJJ-MM-DD)', en: 'This must be a date (YYYY-MM-DD)' },
  isDateString: { nl: 'Dit moet een datum zijn (JJJJ-MM-DD)', en: 'This must be a date (YYYY-MM-DD)' },
  matches: { nl: 'Dit heeft niet de goede vorm', en: 'This does not have the right format' },
  isArray: { nl: 'Dit moet een lijst zijn', en: 'This must be a list' },
  arrayMinSize: { nl: 'Voeg er minstens één toe', en: 'Add at least one' },
  arrayMaxSize: { nl: 'Dit zijn er te veel', en: 'There are too many' },
  isBoolean: { nl: 'Dit moet ja of nee zijn', en: 'This must be yes or no' },
  equals: { nl: 'Dit moet u toestaan om verder te gaan', en: 'You must agree to this to continue' },
  isObject: { nl: 'Dit moet een object zijn', en: 'This must be an object' },
  isNotEmpty: { nl: 'Vul dit in', en: 'Fill this in' },
  maxLength: { nl: 'Deze tekst is te lang', en: 'This text is too long' },
  minLength: { nl: 'Deze tekst is te kort', en: 'This text is too short' },
  isPostalCode: { nl: 'Dit is geen Nederlandse postcode (1234 AB)', en: 'This is not a Dutch postcode (1234 AB)' },
  unsupportedDocument: { nl: 'Stuur een PDF, JPG of PNG', en: 'Send a PDF, JPG or PNG' },
  fileTooLarge: { nl: 'Dit bestand is te groot', en: 'This file is too large' },
  invalidText: { nl: 'Deze tekst bevat tekens die niet kunnen (zoals een nul-teken)', en: 'This text contains characters that are not allowed (such as a NUL)' },
  forbiddenKey: { nl: 'Dit veld is niet toegestaan', en: 'This field is not allowed' },
  tooDeep: { nl: 'Dit is te diep genest', en: 'This is nested too deeply' },
  isBSN: { nl: 'Dit is geen geldig burgerservicenummer', en: 'This is not a valid citizen service number (BSN)' },
  isIBAN: { nl: 'Dit is geen geldig IBAN', en: 'This is not a valid IBAN' },
  unknownChild: { nl: 'Dit kind staat niet in de aanvraag', en: 'This child is not in the application' },
  unknownMunicipality: { nl: 'Deze gemeente kennen we niet', en: 'This municipality is not known' },
  birthDatePlausible: { nl: 'Een kind moet tussen 0 en 20 jaar oud zijn', en: 'A child must be between 0 and 20 years old' },
  providerRequired: { nl: 'Vul de school, club of winkel in', en: 'Fill in the school, club or shop' },
  childWithoutItem: { nl: 'Vraag iets aan voor dit kind, of haal het kind weg', en: 'Ask for something for this child, or remove the child' },
  contactUnreachable: { nl: 'Vul een e-mailadres of een mobiel nummer in', en: 'Fill in an e-mail address or a mobile number' },
  parentConsentRequired: {
    nl: 'Leg vast dat de ouder toestemming gaf: wie, wanneer en hoe',
    en: "Record the parent's consent: who, when and how",
  },
  consentDate: { nl: 'Dit moet vandaag of eerder zijn', en: 'This must be today or earlier' },
  objectionTooLate: { nl: 'Bezwaar kan tot 6 weken na het besluit', en: 'An objection is possible up to 6 weeks after the decision' },
  duplicateChildRef: { nl: 'Elk kind heeft een eigen verwijzing nodig', en: 'Each child needs its own reference' },
  invalid: { nl: 'Deze waarde klopt niet', en: 'This value is not right' },
};

export function fieldMessage(code: string, lang: Lang): string {
  return (FIELD_MESSAGES[code] ?? FIELD_MESSAGES.invalid)[lang];
}
