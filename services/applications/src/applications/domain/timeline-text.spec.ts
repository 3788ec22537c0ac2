import { timelineText } from './timeline-text';

describe('timeline text', () => {
  const routed = { at: '2025-09-01T10:00:00Z', type: 'fund-request.routed', message: 'routed', params: { category: 'school-trip', fund: 'Stichting Leergeld Leeuwarden' } };

  it('says where each request went, with the category in the reader language', () => {
    expect(timelineText(routed, 'nl')).toBe('Uw aanvraag voor een schoolreis is naar Stichting Leergeld Leeuwarden gestuurd. Zij nemen een besluit.');
    expect(timelineText(routed, 'en')).toBe('Your request for a school trip was sent to Stichting Leergeld Leeuwarden. They will decide.');
  });

  it('fills the income percentage', () => {
    const entry = { at: '2025-09-01T10:00:00Z', type: 'income-check.completed', message: 'income-not-eligible', params: { percentage: '154.2' } };
    expect(timelineText(entry, 'en')).toContain('154.2% of the social-assistance norm');
  });
});

describe('timeline text for what the applicant changed', () => {
  const params = { category: 'bicycle', fund: 'Stichting Leergeld Leeuwarden', count: '2' };
  it.each(['items-added', 'item-withdrawn', 'withdrawn', 'consent-withdrawn', 'objection-filed', 'reopened', 'answered', 'duplicate'])(
    '%s reads in Dutch and English, every value filled',
    (message) => {
      for (const lang of ['nl', 'en'] as const) {
        const text = timelineText({ at: '2026-11-22T10:00:00Z', type: 'x', message, params }, lang);
        expect(text).not.toBe(message);
        expect(text).not.toMatch(/[{}]/);
      }
    },
  );
});

describe('timeline text of an application made on behalf of the family', () => {
  const entry = (by: string) => ({ at: '2026-11-22T10:00:00Z', type: 'application.submitted', message: 'submitted-on-behalf', params: { by } });

  it('says the intermediary applied on behalf of the family, naming their organisation', () => {
    expect(timelineText(entry('OBS De Tamarisk'), 'nl')).toBe('Uw hulpverlener (OBS De Tamarisk) heeft deze aanvraag namens uw gezin gedaan. We hebben hem ontvangen en kijken nu of uw inkomen past.');
    expect(timelineText(entry('OBS De Tamarisk'), 'en')).toBe('Your support worker (OBS De Tamarisk) made this application on behalf of your family. We received it and are now checking your income.');
  });

  it('reads well without an organisation', () => {
    expect(timelineText(entry(''), 'en')).toMatch(/^Your support worker made this application on behalf of your family\./);
  });
});
