/**
 * Container numbers 「櫃號」 by ISO 6346: owner code (3 letters), equipment category `U` (freight
 * container; `J` detachable equipment and `Z` trailers are not containers a job carries), 6-digit serial
 * number and a check digit. The check digit is the sum of each of the first ten characters' values
 * (digits as themselves, letters A=10 … Z=38 skipping multiples of 11) times 2^position, modulo 11,
 * with 10 written as 0.
 */

const LETTER_VALUES: Record<string, number> = (() => {
  const values: Record<string, number> = {};
  let v = 10;
  for (const letter of 'ABCDEFGHIJKLMNOPQRSTUVWXYZ') {
    if (v % 11 === 0) v += 1;
    values[letter] = v;
    v += 1;
  }
  return values;
})();

/** The check digit of the first ten characters (`MSCU123456` → 6); throws on characters outside A–Z, 0–9. */
export function containerCheckDigit(first10: string): number {
  let sum = 0;
  for (let i = 0; i < 10; i++) {
    const ch = first10[i]!;
    const value = /\d/.test(ch) ? Number(ch) : LETTER_VALUES[ch];
    if (value === undefined) throw new Error(`not a container number character: ${ch}`);
    sum += value * 2 ** i;
  }
  return (sum % 11) % 10;
}

/**
 * What is wrong with a container number, or null when it is a valid ISO 6346 freight-container number:
 * the format (`AAAU1234567`: owner code, category `U`, six digits, check digit) first, then the check digit.
 */
export function containerNumberProblem(no: string): string | null {
  if (!/^[A-Z]{3}[A-Z]\d{7}$/.test(no))
    return 'must be an ISO 6346 container number: owner code of 3 capital letters, U, 6 digits and a check digit (e.g. MSCU1234566)';
  if (no[3] !== 'U') return `equipment category must be U (a freight container), not ${no[3]}`;
  const expected = containerCheckDigit(no.slice(0, 10));
  if (Number(no[10]) !== expected)
    return `check digit must be ${expected} for ${no.slice(0, 10)} (ISO 6346), not ${no[10]}`;
  return null;
}
