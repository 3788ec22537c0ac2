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
