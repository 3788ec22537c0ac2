import { isValidIban } from '@fund-desk/platform';

/**
 * A fund's payments to providers, as one SEPA credit-transfer file (ISO 20022 pain.001.001.03, the
 * SEPA-restricted variant the banks accept) and as a CSV for the fund's own bookkeeping.
 */
export interface PaymentBatch {
  /** At most 35 characters, unique per file: the bank refuses a file whose id it has seen before. */
  messageId: string;
  createdAt: Date;
  /** YYYY-MM-DD */
  requestedExecutionDate: string;
  /** The fund's own account. */
  debtor: { name: string; iban: string; bic?: string };
  payments: ProviderPayment[];
}

export interface ProviderPayment {
  /** At most 35 characters; comes back on the bank statements, so it is never altered, only checked. */
  endToEndId: string;
  amountCents: number;
  creditorName: string;
  creditorIban: string;
  remittance: string;
}

export const PAIN001_NAMESPACE = 'urn:iso:std:iso:20022:tech:xsd:pain.001.001.03';

const MAX_ID = 35;
const MAX_NAME = 70;
const MAX_REMITTANCE = 140;
/** The schema's largest amount, 999999999.99. */
const MAX_AMOUNT_CENTS = 99_999_999_999;
/** The schema's RestrictedIdentificationSEPA1 characters. */
const ID_PATTERN = /^[A-Za-z0-9+?/\-:().,' ]+$/;
const BIC_PATTERN = /^[A-Z]{6}[A-Z2-9][A-NP-Z0-9]([A-Z0-9]{3})?$/;

export function buildPain001(batch: PaymentBatch): string {
  const b = checked(batch);
  const total = formatCents(b.totalCents);
  const count = String(b.payments.length);
  const debtorName = sepaText(b.debtor.name, MAX_NAME);
  const debtorAgent = b.debtor.bic ? el('BIC', b.debtor.bic) : el('Othr', el('Id', 'NOTPROVIDED'));

  // Element order follows the schema's sequences exactly; xs:sequence rejects any other order.
  const transactions = b.payments.map((p) => {
    const remittance = sepaText(p.remittance, MAX_REMITTANCE);
    return el(
      'CdtTrfTxInf',
      el('PmtId', el('EndToEndId', escapeXml(p.endToEndId))) +
        `<Amt><InstdAmt Ccy="EUR">${formatCents(BigInt(p.amountCents))}</InstdAmt></Amt>` +
        el('Cdtr', el('Nm', sepaText(p.creditorName, MAX_NAME))) +
        el('CdtrAcct', el('Id', el('IBAN', p.creditorIban))) +
        // Ustrd must not be empty; the remittance is optional in the schema, so leave it out instead.
        (remittance ? el('RmtInf', el('Ustrd', remittance)) : ''),
    );
  });

  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<Document xmlns="${PAIN001_NAMESPACE}">` +
    el(
      'CstmrCdtTrfInitn',
      el(
        'GrpHdr',
        el('MsgId', escapeXml(b.messageId)) +
          el('CreDtTm', b.createdAt) +
          el('NbOfTxs', count) +
          el('CtrlSum', total) +
          el('InitgPty', el('Nm', debtorName)),
      ) +
        el(
          'PmtInf',
          // One payment information block per file, so the message id identifies it as well.
          el('PmtInfId', escapeXml(b.messageId)) +
            el('PmtMtd', 'TRF') +
            el('BtchBookg', 'true') +
            el('NbOfTxs', count) +
            el('CtrlSum', total) +
            el('PmtTpInf', el('SvcLvl', el('Cd', 'SEPA'))) +
            el('ReqdExctnDt', b.requestedExecutionDate) +
            el('Dbtr', el('Nm', debtorName)) +
            el('DbtrAcct', el('Id', el('IBAN', b.debtor.iban))) +
            el('DbtrAgt', el('FinInstnId', debtorAgent)) +
            el('ChrgBr', 'SLEV') +
            transactions.join(''),
        ),
    ) +
    '</Document>\n'
  );
}

const CSV_HEADER = ['endToEndId', 'creditorName', 'creditorIban', 'amount', 'remittance', 'requestedExecutionDate'];

/**
 * The same payments as RFC 4180 CSV (CRLF, header row) for people: names and remittances as entered, not
 * transliterated. Fields a spreadsheet would run as a formula get a leading apostrophe.
 */
export function buildPaymentsCsv(batch: PaymentBatch): string {
  const b = checked(batch);
  const rows = b.payments.map((p) => [
    p.endToEndId,
    p.creditorName,
    p.creditorIban,
    formatCents(BigInt(p.amountCents)),
    p.remittance,
    b.requestedExecutionDate,
  ]);
  return [CSV_HEADER, ...rows].map((row) => row.map(csvField).join(',') + '\r\n').join('');
}

/** 1234 → "12.34", in integers so no amount is ever rounded. */
function formatCents(cents: bigint): string {
  const euros = cents / 100n;
  const rest = cents % 100n;
  return `${euros}.${String(rest).padStart(2, '0')}`;
}

/**
 * Text in the SEPA Latin character set (a-z A-Z 0-9 / - ? : ( ) . , ' + space), which every bank in the
 * chain must accept: accents and ligatures transliterated (é → e, ß → ss, ĳ → ij), a few signs replaced by
 * an equivalent (& → +), anything else a space; whitespace collapsed, then cut to `max` characters.
 * With `what`, an empty result is an error (a required element); without it, empty is returned.
 */
function sepaLatin(value: string, max: number, what?: string): string {
  const text = value
    .replace(/[ßẞæÆœŒøØłŁđĐþÞ&‘’‚‛′`´"“”„«»–—‐‑_]/g, (ch) => SUBSTITUTES[ch] ?? ' ')
    // NFKD rather than NFD: it also splits ligatures and compatibility forms (ﬁ, ĳ, full-width letters).
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[^A-Za-z0-9/\-?:().,'+ ]/g, ' ')
    .replace(/ +/g, ' ')
    .trim()
    .slice(0, max)
    .trimEnd();
  if (what && !text) throw new Error(`SEPA file: ${what} "${value}" has no characters left in the SEPA character set`);
  return text;
}

const SUBSTITUTES: Record<string, string> = {
  ß: 'ss', ẞ: 'SS', æ: 'ae', Æ: 'AE', œ: 'oe', Œ: 'OE', ø: 'o', Ø: 'O', ł: 'l', Ł: 'L', đ: 'd', Đ: 'D',
  þ: 'th', Þ: 'TH', '&': '+',
  '‘': "'", '’': "'", '‚': "'", '‛': "'", '′': "'", '`': "'", '´': "'",
  '"': "'", '“': "'", '”': "'", '„': "'", '«': "'", '»': "'",
  '–': '-', '—': '-', '‐': '-', '‑': '-', _: '-',
};

interface CheckedBatch extends Omit<PaymentBatch, 'createdAt'> {
  /** ISO 8601 in UTC without milliseconds. */
  createdAt: string;
  totalCents: bigint;
}

/** Everything the bank would reject, rejected here with a message that says which payment and why. */
function checked(batch: PaymentBatch): CheckedBatch {
  if (batch.payments.length === 0) throw new Error('SEPA file: the batch has no payments');
  checkId(batch.messageId, 'message id');
  if (Number.isNaN(batch.createdAt.getTime())) throw new Error('SEPA file: createdAt is not a valid date');
  checkDate(batch.requestedExecutionDate);

  const seen = new Set<string>();
  let totalCents = 0n;
  const payments = batch.payments.map((p, i) => {
    const which = `payment ${i + 1} (${p.endToEndId})`;
    checkId(p.endToEndId, `end-to-end id of payment ${i + 1}`);
    if (seen.has(p.endToEndId)) throw new Error(`SEPA file: end-to-end id "${p.endToEndId}" appears more than once`);
    seen.add(p.endToEndId);
    if (!Number.isInteger(p.amountCents) || p.amountCents <= 0 || p.amountCents > MAX_AMOUNT_CENTS) {
      throw new Error(`SEPA file: ${which} has amount ${p.amountCents}; expected whole cents from 1 to ${MAX_AMOUNT_CENTS}`);
    }
    totalCents += BigInt(p.amountCents);
    sepaLatin(p.creditorName, MAX_NAME, `creditor name of ${which}`);
    return { ...p, creditorIban: iban(p.creditorIban, `creditor IBAN of ${which}`) };
  });

  sepaLatin(batch.debtor.name, MAX_NAME, 'debtor name');
  const bic = batch.debtor.bic?.replace(/\s+/g, '').toUpperCase();
  if (bic && !BIC_PATTERN.test(bic)) throw new Error(`SEPA file: debtor BIC "${batch.debtor.bic}" is not a valid BIC`);

  return {
    ...batch,
    createdAt: batch.createdAt.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    debtor: { name: batch.debtor.name, iban: iban(batch.debtor.iban, 'debtor IBAN'), bic },
    payments,
    totalCents,
  };
}

function checkId(id: string, what: string): void {
  if (id.length > MAX_ID) throw new Error(`SEPA file: ${what} "${id}" is ${id.length} characters long; at most ${MAX_ID} are allowed`);
  if (!ID_PATTERN.test(id)) {
    throw new Error(`SEPA file: ${what} "${id}" must be 1 to ${MAX_ID} of the characters a-z A-Z 0-9 / - ? : ( ) . , ' + and space`);
  }
}

function checkDate(date: string): void {
  const parsed = new Date(`${date}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== date) {
    throw new Error(`SEPA file: requested execution date "${date}" is not a date in the form YYYY-MM-DD`);
  }
}

function iban(value: string, what: string): string {
  const normalized = value.replace(/\s+/g, '').toUpperCase();
  if (!isValidIban(normalized)) throw new Error(`SEPA file: ${what} "${value}" is not a valid IBAN`);
  return normalized;
}

function sepaText(value: string, max: number): string {
  return escapeXml(sepaLatin(value, max));
}

function el(name: string, content: string): string {
  return `<${name}>${content}</${name}>`;
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&${XML_ENTITIES[ch]};`);
}

const XML_ENTITIES: Record<string, string> = { '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' };

function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
