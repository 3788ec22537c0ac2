import { CATEGORIES } from '@fund-desk/contracts';
import {
  categoryName,
  CATEGORY_NAMES,
  COMPLETE_LANGUAGES,
  directionOf,
  languageFor,
  MESSAGE_KEYS,
  MessageKey,
  reasonName,
  REASON_NAMES,
  render,
  Template,
  TEMPLATE_LANGUAGES,
  TemplateLanguage,
  TEMPLATES,
  translationGaps,
  FULFILMENT_NEXT,
} from './templates';

/** A value for every placeholder any template uses; long, real-looking values so the SMS limit is tested honestly. */
const sample = {
  count: 3,
  percentage: '105.9',
  fund: 'Jeugdfonds Sport & Cultuur Súdwest-Fryslân',
  category: 'lidmaatschap van een sportclub',
  child: 'Anne-Marije',
  reason: 'te hoog',
  message: 'Stuur de factuur.',
  next: 'We sturen uw aanvraag naar een ander fonds.',
  days: 14,
  newCount: 128,
  waitingCount: 1045,
  oldestDays: 21,
  period: 'het afgelopen uur',
};

const FIELDS = ['title', 'body', 'sms'] as const;
const placeholders = (text: string) => [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort();
const templatesOf = (key: MessageKey) =>
  TEMPLATE_LANGUAGES.flatMap((language) => {
    const template = TEMPLATES[key][language];
    return template ? [[language, template] as [TemplateLanguage, Template]] : [];
  });

describe('message templates', () => {
  it('has a template entry for every message key and no others', () => {
    expect(Object.keys(TEMPLATES).sort()).toEqual([...MESSAGE_KEYS].sort());
  });

  it('has a sample value for every placeholder used anywhere', () => {
    const used = new Set(MESSAGE_KEYS.flatMap((key) => templatesOf(key).flatMap(([, t]) => FIELDS.flatMap((f) => placeholders(t[f])))));
    expect([...used].filter((name) => !(name in sample))).toEqual([]);
  });

  const complete = MESSAGE_KEYS.flatMap((key) => COMPLETE_LANGUAGES.map((lang) => [key, lang] as const));

  it.each(complete)('%s in %s is complete, filled and plain', (key, lang) => {
    // A missing text in a complete language must fail here, not fall back to Dutch quietly.
    expect(TEMPLATES[key][lang]).toBeDefined();
    const message = render(key, lang, sample);
    expect(message.language).toBe(lang);
    expect(message.title.length).toBeGreaterThan(5);
    expect(message.body.length).toBeGreaterThan(20);
    expect(message.sms.length).toBeGreaterThan(0);
    expect(message.sms.length).toBeLessThanOrEqual(300);
    for (const field of FIELDS) expect(message[field]).not.toMatch(/[{}]/);
  });

  it.each([...MESSAGE_KEYS])('%s uses the same placeholders in every language it exists in', (key) => {
    const dutch = TEMPLATES[key].nl;
    for (const [language, template] of templatesOf(key)) {
      for (const field of FIELDS) {
        // Compared per field: a title, a body and a text message are each read on their own.
        expect({ language, field, placeholders: placeholders(template[field]) }).toEqual({ language, field, placeholders: placeholders(dutch[field]) });
      }
    }
  });

  it('reports the missing translations, and none in a complete language', () => {
    const gaps = translationGaps();
    const lines = TEMPLATE_LANGUAGES.map((language) => {
      const missing = gaps.filter((gap) => gap.language === language).map((gap) => gap.key);
      const status = missing.length === 0 ? 'complete' : `${missing.length} of ${MESSAGE_KEYS.length} missing`;
      return [`  ${language}: ${status}`, ...missing.map((key) => `    - ${key}`)].join('\n');
    });
    console.log(`Translation gaps (render falls back to Dutch for these):\n${lines.join('\n')}`);

    expect(gaps.filter((gap) => (COMPLETE_LANGUAGES as readonly string[]).includes(gap.language))).toEqual([]);
    expect(gaps).toContainEqual({ language: 'pl', key: 'request-routed' });
    expect(gaps).not.toContainEqual({ language: 'tr', key: 'application-received' });
    expect(gaps).toHaveLength(TEMPLATE_LANGUAGES.length * MESSAGE_KEYS.length - MESSAGE_KEYS.reduce((n, key) => n + templatesOf(key).length, 0));
  });

  it('falls back to Dutch for a language without the text, and says so', () => {
    const message = render('request-routed', 'pl', sample);
    expect(message).toEqual({ ...render('request-routed', 'nl', sample), language: 'nl', direction: 'ltr' });
    expect(message.title).toBe(`Uw aanvraag is bij ${sample.fund}`);
    expect(render('request-routed', 'xx', sample).language).toBe('nl');
    expect(languageFor('request-routed', 'pl')).toBe('nl');
  });

  it('uses a partial language where it has the text', () => {
    const turkish = render('application-received', 'tr', sample);
    expect(turkish).toMatchObject({ title: 'Başvurunuzu aldık', language: 'tr', direction: 'ltr' });
    expect(turkish.body).toContain('3 talep');
    expect(render('application-received', 'tr-TR', sample).language).toBe('tr');
    expect(render('application-received', 'uk', sample)).toMatchObject({ title: 'Ми отримали вашу заявку', language: 'uk' });
    expect(languageFor('application-received', 'uk')).toBe('uk');
  });

  it('writes Arabic right to left and the others left to right', () => {
    expect(directionOf('ar')).toBe('rtl');
    expect(directionOf('nl')).toBe('ltr');
    expect(directionOf('tr')).toBe('ltr');
    expect(directionOf('unknown')).toBe('ltr');
    // No Arabic text yet: the Dutch fallback must not be marked right to left.
    expect(render('request-routed', 'ar', sample).direction).toBe('ltr');
  });

  it('leaves a placeholder it has no value for visible instead of dropping it silently', () => {
    expect(render('request-routed', 'nl', {}).title).toContain('{fund}');
    expect(render('request-routed', 'nl', {}).sms).toContain('{fund}');
  });

  it('names every category and every routing reason in both complete languages', () => {
    for (const category of CATEGORIES) for (const lang of COMPLETE_LANGUAGES) expect(CATEGORY_NAMES[category][lang]).toBeTruthy();
    for (const reason of Object.values(REASON_NAMES)) for (const lang of COMPLETE_LANGUAGES) expect(reason[lang]).toBeTruthy();
  });

  it('names a category or reason in Dutch when the language has no name for it', () => {
    expect(categoryName('bicycle', 'en')).toBe('a bicycle');
    expect(categoryName('bicycle', 'tr')).toBe('een fiets');
    expect(reasonName('budget-exhausted', 'pl')).toBe('het geld van het fonds is voor dit jaar op');
    expect(reasonName('something-new', 'en')).toBe('something-new');
  });

  it('speaks to the parent in their language', () => {
    expect(render('application-received', 'nl', sample).title).toBe('We hebben uw aanvraag ontvangen');
    expect(render('application-received', 'en', sample).title).toBe('We received your application');
    expect(render('income-eligible', 'en', sample).body).toContain('105.9%');
  });

  it('tells a parent who left a question open what to do and what happens otherwise', () => {
    const reminder = render('information-reminder', 'nl', sample);
    expect(reminder.body).toContain('14 dagen');
    expect(reminder.body).toContain(sample.message);
    expect(reminder.body).toContain('portal');
    expect(render('information-reminder', 'en', sample).body).toContain('cannot decide');
  });

  it('gives fund staff the numbers and where to work on them', () => {
    const digest = render('staff-digest', 'nl', sample);
    expect(digest.body).toBe(
      `128 nieuwe aanvragen en 1045 wachtende aanvragen voor ${sample.fund}; de oudste wacht 21 dagen. Periode: het afgelopen uur. Open de wachtrij van ${sample.fund} in de console om ze te behandelen.`,
    );
    const english = render('staff-digest', 'en', { ...sample, period: 'today' });
    expect(english.body).toContain('128 new requests and 1045 waiting requests');
    expect(english.body).toContain('Period: today.');
    expect(english.sms).toContain('(today)');
  });
});

describe('fulfilment: what the parent does now', () => {
  it.each(['provider-paid', 'voucher', 'delivered'] as const)('%s says the next step in Dutch and English, within the text message limit', (method) => {
    for (const lang of ['nl', 'en'] as const) {
      const message = render('request-fulfilled', lang, { ...sample, next: FULFILMENT_NEXT[method][lang] });
      expect(message.body).toContain(FULFILMENT_NEXT[method][lang]);
      expect(message.sms.length).toBeLessThanOrEqual(300);
    }
  });
});
