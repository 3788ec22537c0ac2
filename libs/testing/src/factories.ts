/** The application request of the product brief, with overrides. */
export function applicationRequest(overrides: Record<string, unknown> = {}): Record<string, any> {
  return {
    municipalityCode: 'GM0080',
    postcode: '8921 AB',
    household: { composition: 'single-parent', netMonthlyIncomeCents: 145000, circumstances: [] },
    children: [{ ref: 'c1', firstName: 'Sanne', birthDate: '2016-03-14' }],
    items: [
      {
        childRef: 'c1',
        category: 'school-trip',
        amountCents: 4500,
        description: 'Schoolreis groep 6',
        provider: { name: 'OBS De Tamarisk', iban: 'NL91ABNA0417164300' },
      },
    ],
    contact: { email: 'ouder@example.nl', language: 'nl' },
    consent: { incomeCheck: true, shareWithFunds: true },
    ...overrides,
  };
}
