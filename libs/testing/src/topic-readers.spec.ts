import { TOPICS } from '@fund-desk/contracts';
import { findTopicReaders } from './topic-readers';
import { findRepoRoot } from './system';

describe('who reads which topic, from the code', () => {
  const readers = findTopicReaders(findRepoRoot(__dirname));

  it('lets only income-checks read the raw income figures', () => {
    expect(readers[TOPICS.incomeDeclarations]).toEqual(['income-checks']);
  });

  it('finds the handlers of every consuming service and uptake\'s feed', () => {
    expect(readers[TOPICS.applications]).toEqual(['fund-routing', 'notifications', 'uptake']);
    expect(readers[TOPICS.fundRequests]).toEqual(['applications', 'notifications', 'uptake']);
    expect(readers[TOPICS.privacy]).toEqual(expect.arrayContaining(['fund-routing', 'income-checks', 'notifications', 'uptake']));
    expect(readers[TOPICS.deadLetters]).toBeUndefined();
  });
});
