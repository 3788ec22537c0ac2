import { isPortalPage } from './portal-static';

describe('isPortalPage', () => {
  it.each(['/', '/sign-in', '/applications/2f1c0d9e-0000-4000-8000-000000000000', '/fund/queue', '/apply/x'])('serves the portal for %s', (path) => {
    expect(isPortalPage('GET', path)).toBe(true);
  });

  it.each(['/api', '/api/v1/applications', '/api/docs', '/api/docs-json', '/health', '/ready', '/assets/index-abc.js', '/favicon.ico'])('leaves %s to the API or to static files', (path) => {
    expect(isPortalPage('GET', path)).toBe(false);
  });

  it('answers only reads', () => {
    expect(isPortalPage('POST', '/applications')).toBe(false);
    expect(isPortalPage('HEAD', '/applications')).toBe(true);
  });
});
