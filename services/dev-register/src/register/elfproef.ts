const WEIGHTS = [9, 8, 7, 6, 5, 4, 3, 2, -1];

/**
 * The Dutch "elfproef" for a citizen service number (BSN): nine digits whose sum of digit × weight
 * (9, 8, …, 2, −1) is divisible by 11 and not 0.
 */
export function passesElfproef(bsn: string): boolean {
  if (!/^\d{9}$/.test(bsn)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(bsn[i]) * WEIGHTS[i];
  return sum !== 0 && sum % 11 === 0;
}
