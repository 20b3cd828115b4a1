// Value detectors. A detector finds the first value of its kind in a text (a column value or
// one string leaf of a json document) and returns it with its mask; candidates its regex
// finds but its checksum rejects do not count. Detectors are named in rule.json; the rule's
// prefilter regex is tested first so most values never reach the detector.
import { cardPrefixPlausible, ibanValid, innValid, luhnValid, snilsValid, ssnValid } from './checksums.ts';
import * as m from './mask.ts';
import { SECRET_PATTERNS, jsRegExp } from '../secrets/patterns.ts';

export interface Hit {
  /** The matched value (kept in memory only; never stored or printed). */
  value: string;
  masked: string;
}

export type Detector = (text: string) => Hit | null;

/** First candidate of `re` (global) that `check` accepts. */
function firstOf(text: string, re: RegExp, check: (match: RegExpExecArray) => Hit | null): Hit | null {
  re.lastIndex = 0;
  let match: RegExpExecArray | null;
  let guard = 0;
  while ((match = re.exec(text)) !== null && guard++ < 200) {
    const hit = check(match);
    if (hit) return hit;
    if (match[0].length === 0) re.lastIndex++;
  }
  return null;
}

const EMAIL = /(?<![A-Za-z0-9._%+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?)*\.[A-Za-z]{2,24}(?![A-Za-z0-9-])/g;
const email: Detector = (text) => firstOf(text, EMAIL, (x) => ({ value: x[0], masked: m.maskEmail(x[0]) }));

// E.164 (+ and 8–15 digits, separators allowed) or a Russian number: +7 / 8 / 7, then a
// 3-digit code in brackets or not, then 7 digits in groups. A bare run of 11 digits counts
// only as a Russian mobile (7 9xx / 8 9xx); other bare digit runs are not phones.
const PHONE = /(?<![\w+])(?:\+\d[\d\s().-]{6,20}\d|[78][\s(-]*\d{3}[\s)-]*\d{3}[\s-]?\d{2}[\s-]?\d{2})(?![\w])/g;
const phone: Detector = (text) => firstOf(text, PHONE, (x) => {
  const raw = x[0];
  const digits = raw.replace(/\D/g, '');
  if (raw.startsWith('+')) {
    if (digits.length < 8 || digits.length > 15 || digits[0] === '0') return null;
    if (digits[0] === '7' && digits.length !== 11) return null;
    // a run of separators or brackets must look like grouping, not arithmetic or dates
    if (/[.]{2}|[()]{2}|--/.test(raw)) return null;
  } else {
    if (digits.length !== 11) return null;
    const formatted = /\D/.test(raw);
    if (!formatted && digits[1] !== '9') return null;
    if (!/[3489]/.test(digits[1])) return null;
  }
  return { value: raw, masked: m.maskPhone(raw) };
});

// 13–19 digits, optionally in groups of 4 (or 4-6-5 for Amex) separated by one space or dash,
// not part of a longer token or of a longer spaced number (an IBAN's digit groups).
const CARD = /(?<![\w-]|\d[ -])(?:\d{4}[ -]?){2,3}\d{4}(?:\d{1,3})?(?![\w-]|[ -]\d)|(?<![\w-]|\d[ -])\d{4}[ -]?\d{6}[ -]?\d{5}(?![\w-]|[ -]\d)/g;
const paymentCard: Detector = (text) => firstOf(text, CARD, (x) => {
  const digits = x[0].replace(/\D/g, '');
  if (!cardPrefixPlausible(digits) || !luhnValid(digits)) return null;
  return { value: x[0], masked: m.maskCard(digits) };
});

const IBAN = /(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?(?![A-Za-z0-9])/g;
const iban: Detector = (text) => firstOf(text, IBAN, (x) => {
  const compact = x[0].replace(/ /g, '');
  if (compact.length < 15 || compact.length > 34 || !ibanValid(compact)) return null;
  return { value: x[0], masked: m.maskIban(compact) };
});

// a digit run inside a longer token (IBAN, hex, codes) is not an INN
const INN = /(?<![\w-])(?:\d{12}|\d{10})(?![\w-])/g;
const inn: Detector = (text) => firstOf(text, INN, (x) => (innValid(x[0]) ? { value: x[0], masked: m.maskLast2(x[0], '*'.repeat(x[0].length - 2)) } : null));

const SNILS = /(?<![\w-])(?:\d{3}-\d{3}-\d{3}[ -]\d{2}|\d{11})(?![\w-])/g;
const snils: Detector = (text) => firstOf(text, SNILS, (x) => {
  const digits = x[0].replace(/\D/g, '');
  return snilsValid(digits) ? { value: x[0], masked: m.maskLast2(digits, '***-***-*** ') } : null;
});

// Series (2+2 digits: region code, year of issue) and a 6-digit number; a space between
// series and number is required (a bare run of 10 digits is an INN or anything else).
// not a group of a longer spaced number (an Amex card reads 4-6-5)
const PASSPORT_RU = /(?<![\w-]|\d\s)(\d{2}) ?(\d{2})\s(?:№\s?)?(\d{6})(?![\w-]|\s\d)/g;
const passportRu: Detector = (text) => firstOf(text, PASSPORT_RU, (x) => {
  if (x[1] === '00') return null;
  return { value: x[0], masked: m.maskLast2(x[3], '** ** ****') };
});

const SSN = /(?<![\d-])(\d{3})-(\d{2})-(\d{4})(?![\d-])/g;
const ssn: Detector = (text) => firstOf(text, SSN, (x) => (ssnValid(x[1], x[2], x[3]) ? { value: x[0], masked: m.maskLast2(x[3], '***-**-**') } : null));

const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IPV4 = new RegExp(`(?<![\\w./])${OCTET}(?:\\.${OCTET}){3}(?![\\w.])`, 'g');
const ipv4: Detector = (text) => firstOf(text, IPV4, (x) => ({ value: x[0], masked: m.maskIpv4(x[0]) }));

const IPV6 = /(?<![\w:.])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?![\w:])/g;
function ipv6Valid(s: string): boolean {
  const halves = s.split('::');
  if (halves.length > 2) return false;
  const groups = (part: string) => (part === '' ? [] : part.split(':'));
  const left = groups(halves[0]);
  const right = halves.length === 2 ? groups(halves[1]) : [];
  const all = [...left, ...right];
  if (!all.every((g) => /^[0-9A-Fa-f]{1,4}$/.test(g))) return false;
  if (halves.length === 1) return all.length === 8;
  return all.length <= 7 && all.length >= 1;
}
const ipv6: Detector = (text) => firstOf(text, IPV6, (x) => (ipv6Valid(x[0]) ? { value: x[0], masked: m.maskIpv6(x[0]) } : null));

/** base64url → text, or null (own decoder: pljs has no atob). */
function base64UrlDecode(s: string): string | null {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  let bits = 0;
  let acc = 0;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const v = alphabet.indexOf(s[i]);
    if (v < 0) return null;
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += String.fromCharCode((acc >> bits) & 0xff);
    }
  }
  return out;
}
// Secrets come from the one pattern set secrets_in_catalog also reads (src/core/secrets/):
// each detector takes the patterns that name it; group 1 is what the mask may show.
const SECRET_RES = new Map<string, RegExp[]>();
for (const p of SECRET_PATTERNS) {
  if (!p.pii) continue;
  SECRET_RES.set(p.pii, [...(SECRET_RES.get(p.pii) ?? []), jsRegExp(p)]);
}

/** The earliest hit of the detector's secret patterns that `check` accepts. */
function firstSecret(detector: string, text: string, check: (match: RegExpExecArray) => Hit | null): Hit | null {
  let best: { at: number; hit: Hit } | null = null;
  for (const re of SECRET_RES.get(detector) ?? []) {
    re.lastIndex = 0;
    let match: RegExpExecArray | null;
    let guard = 0;
    while ((match = re.exec(text)) !== null && guard++ < 200) {
      if (best && match.index >= best.at) break;
      const hit = check(match);
      if (hit) { best = { at: match.index, hit }; break; }
      if (match[0].length === 0) re.lastIndex++;
    }
  }
  return best?.hit ?? null;
}

// a JWT's header must decode to a JSON object naming its algorithm (catalog text cannot tell)
const jwt: Detector = (text) => firstSecret('jwt', text, (x) => {
  const header = base64UrlDecode(x[0].split('.')[0]);
  if (!header) return null;
  try {
    const parsed = JSON.parse(header) as Record<string, unknown>;
    if (typeof parsed !== 'object' || parsed === null || typeof parsed.alg !== 'string') return null;
  } catch {
    return null;
  }
  return { value: x[0], masked: m.maskJwt() };
});

const privateKey: Detector = (text) => firstSecret('private_key', text, (x) => ({ value: x[0], masked: m.maskPrivateKey(x[1]) }));

const apiKey: Detector = (text) => firstSecret('api_key', text, (x) => ({ value: x[0], masked: m.maskApiKey(x[1]) }));

const PASSWORD_HASH = /(?<![\w$])(?:(\$2[abxy]?\$\d\d\$)[./A-Za-z0-9]{53}|(\$argon2(?:id|i|d)\$)v=\d+\$m=\d+,t=\d+,p=\d+\$[A-Za-z0-9+/]{8,}\$[A-Za-z0-9+/]{16,}|(SCRAM-SHA-256\$)\d+:[A-Za-z0-9+/=]{8,}\$[A-Za-z0-9+/=]{20,}:[A-Za-z0-9+/=]{20,}|(md5)[0-9a-f]{32}|(\$[156]\$)(?:rounds=\d+\$)?[./A-Za-z0-9]{1,16}\$[./A-Za-z0-9]{22,86}|(pbkdf2_sha256\$)\d+\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]{20,})(?![\w$])/g;
const passwordHash: Detector = (text) => firstOf(text, PASSWORD_HASH, (x) => {
  const scheme = x[1] ?? x[2] ?? x[3] ?? x[4] ?? x[5] ?? x[6];
  return { value: x[0], masked: m.maskPasswordHash(scheme) };
});

/** Every detector a rule may name. */
export const DETECTORS: Record<string, Detector> = {
  email,
  phone,
  payment_card: paymentCard,
  iban,
  inn,
  snils,
  passport_ru: passportRu,
  ssn,
  ipv4,
  ipv6,
  jwt,
  private_key: privateKey,
  api_key: apiKey,
  password_hash: passwordHash,
};

export const DETECTOR_NAMES = Object.keys(DETECTORS);
