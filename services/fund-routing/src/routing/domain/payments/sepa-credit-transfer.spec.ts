import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { validatePain001 } from '../../infrastructure/sepa-schema';
import { buildPain001, buildPaymentsCsv, PaymentBatch } from './sepa-credit-transfer';

// The real XSD, fetched by deploy/local/sepa-schema (npm test and npm start run it and set PAIN001_XSD).
const XSD =
  process.env.PAIN001_XSD ??
  join(process.env.FUND_DESK_CACHE ?? join(homedir(), '.cache', 'fund-desk'), 'schemas', 'pain.001.001.03.xsd');

async function validate(xml: string) {
  if (!existsSync(XSD)) {
    throw new Error(`The pain.001.001.03 schema is missing at ${XSD}: run deploy/local/sepa-schema to fetch it.`);
  }
  return validatePain001(xml, XSD);
}

async function expectValid(xml: string): Promise<void> {
  const result = await validate(xml);
  expect(result.errors).toEqual([]);
  expect(result.valid).toBe(true);
}

/** The text of every <tag> element, in document order. */
function texts(xml: string, tag: string): string[] {
  return [...xml.matchAll(new RegExp(`<${tag}(?: [^>]*)?>([^<]*)</${tag}>`, 'g'))].map((m) => m[1]);
}

function batch(overrides: Partial<PaymentBatch> = {}): PaymentBatch {
  return {
    messageId: 'LEERGELD-LWD-2025-03-0001',
    createdAt: new Date('2025-03-10T09:15:30.123Z'),
    requestedExecutionDate: '2025-03-14',
    debtor: { name: 'Stichting Leergeld Leeuwarden', iban: 'nl02 abna 0123 4567 89', bic: 'ABNANL2A' },
    payments: [
      {
        endToEndId: 'REQ-0001-ITEM-1',
        amountCents: 4500,
        creditorName: 'Zwemvereniging De Dolfijn & Co',
        creditorIban: 'NL91 ABNA 0417 1643 00',
        remittance: "Zwemles Noë d'Hondt, groep 3",
      },
      {
        endToEndId: 'REQ-0002-ITEM-1',
        amountCents: 30_000,
        creditorName: 'Muziekschool Élan',
        creditorIban: 'DE89370400440532013000',
        remittance: 'Vioolles seizoen 2025–2026',
      },
      {
        endToEndId: 'REQ-0003-ITEM-2',
        amountCents: 5,
        creditorName: 'Fußballverein Großefehn',
        creditorIban: 'NL18RABO0123459876',
        remittance: 'Contributie',
      },
    ],
    ...overrides,
  };
}

type Payment = PaymentBatch['payments'][number];

function onePayment(payment: Partial<Payment>, overrides: Partial<PaymentBatch> = {}): PaymentBatch {
  const base = batch();
  return { ...base, payments: [{ ...base.payments[0], ...payment }], ...overrides };
}

describe('buildPain001', () => {
  it('builds a document of three payments that validates against the pain.001.001.03 schema', async () => {
    const xml = buildPain001(batch());

    await expectValid(xml);
    expect(xml).toContain('<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.03">');
    // Group header and payment information both count and sum.
    expect(texts(xml, 'NbOfTxs')).toEqual(['3', '3']);
    expect(texts(xml, 'CtrlSum')).toEqual(['345.05', '345.05']);
    expect(texts(xml, 'InstdAmt')).toEqual(['45.00', '300.00', '0.05']);
    expect(xml.match(/<InstdAmt Ccy="EUR">/g)).toHaveLength(3);
    expect(texts(xml, 'MsgId')).toEqual(['LEERGELD-LWD-2025-03-0001']);
    expect(texts(xml, 'CreDtTm')).toEqual(['2025-03-10T09:15:30Z']);
    expect(texts(xml, 'ReqdExctnDt')).toEqual(['2025-03-14']);
    expect(texts(xml, 'EndToEndId')).toEqual(['REQ-0001-ITEM-1', 'REQ-0002-ITEM-1', 'REQ-0003-ITEM-2']);
    expect(texts(xml, 'BIC')).toEqual(['ABNANL2A']);
    expect(texts(xml, 'ChrgBr')).toEqual(['SLEV']);
  });

  it('writes names and remittances in the SEPA character set: transliterated, & as +, apostrophe escaped', () => {
    const xml = buildPain001(batch());

    // Initiating party and debtor, then the three creditors.
    expect(texts(xml, 'Nm')).toEqual([
      'Stichting Leergeld Leeuwarden',
      'Stichting Leergeld Leeuwarden',
      'Zwemvereniging De Dolfijn + Co',
      'Muziekschool Elan',
      'Fussballverein Grossefehn',
    ]);
    expect(texts(xml, 'Ustrd')).toEqual(['Zwemles Noe d&apos;Hondt, groep 3', 'Vioolles seizoen 2025-2026', 'Contributie']);
    expect(xml).not.toMatch(/[^\x20-\x7e\n]/); // nothing but printable ASCII left
  });

  it('splits ligatures and letters NFD leaves whole', () => {
    const xml = buildPain001(onePayment({ creditorName: 'Ĳsclub Ørsted Œuvre', remittance: 'ﬁets  voor\tTjaša' }));

    expect(texts(xml, 'Nm')[2]).toBe('IJsclub Orsted OEuvre');
    expect(texts(xml, 'Ustrd')).toEqual(['fiets voor Tjasa']);
  });

  it('writes IBANs in capitals without spaces', () => {
    const xml = buildPain001(batch());

    expect(texts(xml, 'IBAN')).toEqual(['NL02ABNA0123456789', 'NL91ABNA0417164300', 'DE89370400440532013000', 'NL18RABO0123459876']);
  });

  it('says NOTPROVIDED for the debtor agent when the fund has no BIC, and the document is still valid', async () => {
    const xml = buildPain001(batch({ debtor: { name: 'Jeugdfonds Sport en Cultuur', iban: 'NL71RABO0123456788' } }));

    await expectValid(xml);
    expect(xml).toContain('<DbtrAgt><FinInstnId><Othr><Id>NOTPROVIDED</Id></Othr></FinInstnId></DbtrAgt>');
    expect(xml).not.toContain('<BIC>');
  });

  it('cuts names to 70 and remittances to 140 characters, replaces other scripts and symbols, and stays valid', async () => {
    const xml = buildPain001(
      onePayment({
        creditorName: `Stichting ${'Sport en Spel '.repeat(10)}`,
        remittance: `Факту́ра №12 ☕ <b>€ 4,50</b> ${'x'.repeat(200)}`,
      }),
    );

    await expectValid(xml);
    const name = texts(xml, 'Nm')[2];
    expect(name).toHaveLength(70);
    expect(name).toMatch(/^Stichting Sport en Spel Sport en Spel/);
    expect(name).not.toMatch(/ $/);
    const remittance = texts(xml, 'Ustrd')[0];
    expect(remittance).toHaveLength(140);
    expect(remittance).toMatch(/^No12 b 4,50 \/b x+$/); // № is No in compatibility form
  });

  it('sums amounts exactly, without floating point', () => {
    const base = batch();
    const cents = [10, 20, 99_999_999_999];
    const xml = buildPain001({ ...base, payments: cents.map((c, i) => ({ ...base.payments[0], endToEndId: `E${i}`, amountCents: c })) });

    expect(texts(xml, 'InstdAmt')).toEqual(['0.10', '0.20', '999999999.99']);
    expect(texts(xml, 'CtrlSum')).toEqual(['1000000000.29', '1000000000.29']);
  });

  it('leaves out the remittance when nothing of it is left, as Ustrd may not be empty', async () => {
    const xml = buildPain001(onePayment({ remittance: ' 日本 ' }));

    await expectValid(xml);
    expect(xml).not.toContain('<RmtInf>');
  });

  describe('refuses what the bank would reject', () => {
    it.each<[string, PaymentBatch, RegExp]>([
      ['an empty batch', batch({ payments: [] }), /no payments/],
      ['a non-integer amount', onePayment({ amountCents: 12.5 }), /amount 12.5; expected whole cents/],
      ['a zero amount', onePayment({ amountCents: 0 }), /amount 0; expected whole cents/],
      ['a negative amount', onePayment({ amountCents: -100 }), /amount -100; expected whole cents/],
      ['an amount above the schema maximum', onePayment({ amountCents: 100_000_000_000 }), /expected whole cents from 1 to 99999999999/],
      ['a message id of 36 characters', batch({ messageId: 'M'.repeat(36) }), /message id .* is 36 characters long; at most 35/],
      ['an end-to-end id of 36 characters', onePayment({ endToEndId: 'E'.repeat(36) }), /end-to-end id of payment 1 .* is 36 characters long/],
      ['an end-to-end id outside the SEPA characters', onePayment({ endToEndId: 'REQ_1' }), /end-to-end id of payment 1 "REQ_1" must be/],
      ['an empty message id', batch({ messageId: '' }), /message id "" must be/],
      ['an end-to-end id used twice', batch({ payments: [batch().payments[0], batch().payments[0]] }), /"REQ-0001-ITEM-1" appears more than once/],
      ['a creditor IBAN with a wrong check digit', onePayment({ creditorIban: 'NL92ABNA0417164300' }), /creditor IBAN of payment 1 .* is not a valid IBAN/],
      ['an invalid debtor BIC', batch({ debtor: { name: 'Fonds', iban: 'NL02ABNA0123456789', bic: 'ABN' } }), /debtor BIC "ABN"/],
      ['a debtor name with no SEPA characters', batch({ debtor: { name: '★★★', iban: 'NL02ABNA0123456789' } }), /debtor name "★★★" has no characters left/],
      ['an impossible execution date', batch({ requestedExecutionDate: '2025-02-30' }), /execution date "2025-02-30"/],
      ['a creditor name with no SEPA characters', onePayment({ creditorName: '日本' }), /creditor name of payment 1 .*"日本" has no characters left/],
    ])('%s', (_, input, message) => {
      expect(() => buildPain001(input)).toThrow(message);
      expect(() => buildPaymentsCsv(input)).toThrow(Error);
    });
  });
});

describe('validatePain001', () => {
  const xml = buildPain001(batch());

  it('reports a document without the required execution date as invalid', async () => {
    const broken = xml.replace(/<ReqdExctnDt>[^<]*<\/ReqdExctnDt>/, '');
    expect(broken).not.toBe(xml);

    const result = await validate(broken);

    expect(result.valid).toBe(false);
    expect(result.errors.join('\n')).toMatch(/Dbtr.*not expected.*ReqdExctnDt/);
  });

  it('reports a message id of 36 characters as invalid', async () => {
    const broken = xml.replace('<MsgId>LEERGELD-LWD-2025-03-0001</MsgId>', `<MsgId>${'M'.repeat(36)}</MsgId>`);
    expect(broken).not.toBe(xml);

    const result = await validate(broken);

    expect(result.valid).toBe(false);
    expect(result.errors.join('\n')).toMatch(/MsgId/);
  });

  it('reports a document that is not well-formed as invalid', async () => {
    const result = await validate(xml.slice(0, xml.length / 2));

    expect(result.valid).toBe(false);
    expect(result.errors.length).toBeGreaterThan(0);
  });
});

describe('buildPaymentsCsv', () => {
  it('writes a header and one CRLF-terminated row per payment with amounts in euros', () => {
    const csv = buildPaymentsCsv(batch());

    expect(csv).toBe(
      'endToEndId,creditorName,creditorIban,amount,remittance,requestedExecutionDate\r\n' +
        'REQ-0001-ITEM-1,Zwemvereniging De Dolfijn & Co,NL91ABNA0417164300,45.00,"Zwemles Noë d\'Hondt, groep 3",2025-03-14\r\n' +
        'REQ-0002-ITEM-1,Muziekschool Élan,DE89370400440532013000,300.00,Vioolles seizoen 2025–2026,2025-03-14\r\n' +
        'REQ-0003-ITEM-2,Fußballverein Großefehn,NL18RABO0123459876,0.05,Contributie,2025-03-14\r\n',
    );
  });

  it('quotes a field with a comma or a quote, doubling the quote', () => {
    const csv = buildPaymentsCsv(onePayment({ creditorName: 'Sport, Spel & "Plezier"', remittance: 'line one\nline two' }));

    expect(csv.split('\r\n')[1]).toBe(
      'REQ-0001-ITEM-1,"Sport, Spel & ""Plezier""",NL91ABNA0417164300,45.00,"line one\nline two",2025-03-14',
    );
  });

  it('puts an apostrophe before a field a spreadsheet would run as a formula', () => {
    const rowOf = (payment: Partial<Payment>) => buildPaymentsCsv(onePayment(payment)).split('\r\n')[1].split(',');

    expect(rowOf({ creditorName: '=1+1' })[1]).toBe("'=1+1");
    expect(rowOf({ creditorName: '+31 58 123' })[1]).toBe("'+31 58 123");
    expect(rowOf({ creditorName: '-2+3' })[1]).toBe("'-2+3");
    expect(rowOf({ creditorName: '@SUM(A1)' })[1]).toBe("'@SUM(A1)");
    expect(rowOf({ remittance: 'A=1' })[4]).toBe('A=1'); // only a leading sign counts
    expect(buildPaymentsCsv(onePayment({ remittance: '=HYPERLINK("http://x.example","klik")' }))).toContain(
      '"\'=HYPERLINK(""http://x.example"",""klik"")"',
    );
  });
});
