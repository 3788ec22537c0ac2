import { CATEGORIES, LANGUAGES } from '@fund-desk/contracts';
import { CATEGORY_NAMES, MessageKey, REASON_NAMES, render, TEMPLATES } from './templates';

const sample = { count: 3, percentage: '105.9', fund: 'Stichting Leergeld Leeuwarden', category: 'een schoolreis', child: 'Sanne', reason: 'te hoog', message: 'Stuur de factuur.', next: 'We sturen uw aanvraag naar een ander fonds.' };

describe('message templates', () => {
  const cases = (Object.keys(TEMPLATES) as MessageKey[]).flatMap((key) => LANGUAGES.map((lang) => [key, lang] as const));

  it.each(cases)('%s in %s is complete, filled and plain', (key, lang) => {
    const template = TEMPLATES[key][lang];
    expect(template).toBeDefined();
    const message = render(key, lang, sample);
    expect(message.title.length).toBeGreaterThan(5);
    expect(message.body.length).toBeGreaterThan(20);
    expect(`${message.title} ${message.body}`).not.toMatch(/[{}]/);
  });

  it('leaves a placeholder it has no value for visible instead of dropping it silently', () => {
    expect(render('request-routed', 'nl', {}).title).toContain('{fund}');
  });

  it('names every category and every routing reason in both languages', () => {
    for (const category of CATEGORIES) for (const lang of LANGUAGES) expect(CATEGORY_NAMES[category][lang]).toBeTruthy();
    for (const reason of Object.values(REASON_NAMES)) for (const lang of LANGUAGES) expect(reason[lang]).toBeTruthy();
  });

  it('speaks to the parent in their language', () => {
    expect(render('application-received', 'nl', sample).title).toBe('We hebben uw aanvraag ontvangen');
    expect(render('application-received', 'en', sample).title).toBe('We received your application');
    expect(render('income-eligible', 'en', sample).body).toContain('105.9%');
  });
});
