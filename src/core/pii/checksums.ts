// Checksums of the identifiers the PII detectors recognise. Plain number arithmetic only
// (no BigInt): every intermediate value stays far below 2^53, so QuickJS (pljs), V8 (plv8)
// and Node give the same answers.

/** Digits of a string of ASCII digits, as numbers. */
function digitsOf(s: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) out.push(s.charCodeAt(i) - 48);
  return out;
}

/** Luhn (mod 10) over a string of digits: the check used by payment card numbers. */
export function luhnValid(digits: string): boolean {
  if (!/^\d{2,}$/.test(digits)) return false;
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) { d *= 2; if (d > 9) d -= 9; }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/** ISO 7064 mod 97-10 over an IBAN (spaces removed, upper case): the remainder is computed
 *  one digit at a time (letters count as two digits, A=10 … Z=35), so no big integers. */
export function ibanValid(iban: string): boolean {
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(iban)) return false;
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let rem = 0;
  for (let i = 0; i < rearranged.length; i++) {
    const c = rearranged.charCodeAt(i);
    if (c >= 48 && c <= 57) rem = (rem * 10 + (c - 48)) % 97;
    else {
      const v = c - 55; // 'A' (65) → 10
      rem = (rem * 100 + v) % 97;
    }
  }
  return rem === 1;
}

function weighted(d: number[], weights: number[]): number {
  let s = 0;
  for (let i = 0; i < weights.length; i++) s += d[i] * weights[i];
  return (s % 11) % 10;
}

/** Russian taxpayer number (ИНН): 10 digits (organisations, one control digit) or
 *  12 digits (individuals, two control digits). */
export function innValid(s: string): boolean {
  if (!/^\d{10}$|^\d{12}$/.test(s)) return false;
  const d = digitsOf(s);
  if (d.length === 10) return weighted(d, [2, 4, 10, 3, 5, 9, 4, 6, 8]) === d[9];
  return weighted(d, [7, 2, 4, 10, 3, 5, 9, 4, 6, 8]) === d[10]
    && weighted(d, [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8]) === d[11];
}

/** Russian insurance number (СНИЛС): 11 digits, the last two a control number over the
 *  first nine (weights 9…1; 100 and 101 become 00; above 101 mod 101 first). The control
 *  applies to numbers above 001-001-998. */
export function snilsValid(s: string): boolean {
  if (!/^\d{11}$/.test(s)) return false;
  const d = digitsOf(s);
  const body = Number(s.slice(0, 9));
  if (body <= 1001998) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += d[i] * (9 - i);
  let control = sum;
  if (control > 101) control %= 101;
  if (control === 100 || control === 101) control = 0;
  return control === Number(s.slice(9));
}

/** US social security number: area 001–899 except 666, group 01–99, serial 0001–9999. */
export function ssnValid(area: string, group: string, serial: string): boolean {
  const a = Number(area);
  return a > 0 && a !== 666 && a < 900 && Number(group) > 0 && Number(serial) > 0;
}

/** Payment card issuer prefixes (Visa, Mastercard, Mir, Amex, Discover/UnionPay, JCB,
 *  Maestro, Diners) with the lengths they use. */
export function cardPrefixPlausible(digits: string): boolean {
  const n = digits.length;
  if (n < 13 || n > 19) return false;
  if (/^4/.test(digits)) return n === 13 || n === 16 || n === 19;
  if (/^(5[1-5]|2[2-7])/.test(digits)) return n === 16;
  if (/^220[0-4]/.test(digits)) return n >= 16;
  if (/^3[47]/.test(digits)) return n === 15;
  if (/^3(0[0-5]|[68])/.test(digits)) return n >= 14;
  if (/^35(2[89]|[3-8])/.test(digits)) return n >= 16;
  if (/^6/.test(digits)) return n >= 16;
  if (/^(50|5[6-9])/.test(digits)) return n >= 12;
  return false;
}
