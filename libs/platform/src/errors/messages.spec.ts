import { FIELD_MESSAGES, fieldMessage, languageOf, TITLES } from './messages';

describe('languageOf', () => {
  it.each<[string | undefined, 'nl' | 'en']>([
    ['en-GB,en;q=0.9', 'en'],
    ['en', 'en'],
    ['EN-us', 'en'],
    ['nl-NL', 'nl'],
    ['nl-NL,nl;q=0.9,en;q=0.8', 'nl'],
    ['de', 'nl'],
    ['de-DE,en;q=0.5', 'en'], // English is the first language we have
    ['fr-FR,de;q=0.8', 'nl'],
    ['*', 'nl'],
    ['', 'nl'],
    [undefined, 'nl'],
  ])('%j → %s', (header, lang) => {
    expect(languageOf(header)).toBe(lang);
  });
});

describe('FIELD_MESSAGES and TITLES', () => {
  it.each(Object.entries(FIELD_MESSAGES))('field message %s has Dutch and English text', (_, texts) => {
    expect(texts.nl.trim()).not.toBe('');
    expect(texts.en.trim()).not.toBe('');
  });

  it.each(Object.entries(TITLES))('title %s has Dutch and English text', (_, texts) => {
    expect(texts.nl.trim()).not.toBe('');
    expect(texts.en.trim()).not.toBe('');
  });

  it.each(['unknownMunicipality', 'duplicateChildRef', 'birthDatePlausible', 'unknownChild', 'providerRequired', 'required', 'isIBAN'])(
    'has a message for the rule code %s the application rules and validation produce',
    (code) => {
      expect(FIELD_MESSAGES[code]).toBeDefined();
    },
  );

  it('renders a field message in the reader language and falls back to a general one for unknown codes', () => {
    expect(fieldMessage('required', 'nl')).toBe('Vul dit in');
    expect(fieldMessage('required', 'en')).toBe('Fill this in');
    expect(fieldMessage('someNewRule', 'en')).toBe('This value is not right');
    expect(fieldMessage('someNewRule', 'nl')).toBe('Deze waarde klopt niet');
  });
});
