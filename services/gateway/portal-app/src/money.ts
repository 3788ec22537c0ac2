// Amounts as people type them ("45", "45,50", "1.450", "€ 1.450,00") to whole cents, without floating point.

export function parseEuros(input: string): number | null {
  let s = input.replace(/[€\s]/g, '');
  if (!s) return null;
  const lastComma = s.lastIndexOf(',');
  const lastDot = s.lastIndexOf('.');
  let decimal: ',' | '.' | null = null;
  if (lastComma >= 0 && lastDot >= 0) decimal = lastComma > lastDot ? ',' : '.';
  else if (lastComma >= 0) decimal = /^\d{1,3}(,\d{3})+$/.test(s) ? null : ',';
  else if (lastDot >= 0) decimal = /^\d{1,3}(\.\d{3})+$/.test(s) ? null : '.';
  const thousands = decimal === ',' ? '.' : decimal === '.' ? ',' : /,/.test(s) ? ',' : '.';
  s = s.split(thousands).join('');
  const [whole, fraction = '', ...rest] = decimal ? s.split(decimal) : [s];
  if (rest.length || !/^\d+$/.test(whole) || !/^\d{0,2}$/.test(fraction)) return null;
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
}

/** Cents as a euro amount to put back into an input: 4500 → "45", 4550 → "45,50". */
export function centsToInput(cents: number | undefined, lang: string): string {
  if (cents === undefined || cents === null || !Number.isFinite(cents)) return '';
  const whole = Math.floor(cents / 100);
  const rest = cents % 100;
  return rest ? `${whole}${lang === 'en' ? '.' : ','}${String(rest).padStart(2, '0')}` : String(whole);
}
