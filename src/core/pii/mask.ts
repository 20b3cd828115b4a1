// Masked samples: a finding shows what kind of value was found, never the value. Each mask
// is built from scratch out of a fixed shape plus the few characters the kind's policy lets
// through (REVEAL below), so nothing of the value leaks by accident.
//
// What a mask may reveal (test/unit/pii-mask.test.ts checks every sample of the labelled
// dataset against this list: no 4-character alphanumeric run of the value may appear in its
// mask unless it lies inside one of these parts):
//   email         first character of the local part, first character of the domain, the TLD
//   phone         the leading "+" or trunk digit and country code (1–3 digits), last 2 digits
//   payment_card  last 4 digits
//   iban          country code, last 4 characters
//   inn, snils, passport_ru, ssn   last 2 digits
//   ip_address    first octet (IPv4) or first group (IPv6)
//   secret        the kind marker only: "eyJ" of a JWT, the PEM header line, a vendor prefix
//                 of an API key (AKIA, ghp_, sk_live_, xoxb-, AIza, glpat-)
//   password_hash the scheme prefix ($2b$12$, $argon2id$, SCRAM-SHA-256$, md5, $6$, pbkdf2_sha256$)

const stars = (n: number) => '*'.repeat(Math.max(3, n));

export function maskEmail(v: string): string {
  const at = v.lastIndexOf('@');
  const domain = v.slice(at + 1);
  const dot = domain.lastIndexOf('.');
  const tld = dot >= 0 ? domain.slice(dot + 1) : '';
  return `${v[0]}***@${domain[0]}***.${tld}`;
}

/** Digits kept: the country code after "+" (1 digit for +7/+1, else 2), or the trunk digit of a
 *  bare Russian number, and the last two. */
export function maskPhone(v: string): string {
  const digits = v.replace(/\D/g, '');
  const plus = v.trim().startsWith('+');
  const cc = plus ? (/^[17]/.test(digits) ? digits.slice(0, 1) : digits.slice(0, 2)) : digits.slice(0, 1);
  const middle = digits.length - cc.length - 2;
  return `${plus ? '+' : ''}${cc} ${stars(middle)}-${digits.slice(-2)}`;
}

export function maskCard(digits: string): string {
  return `**** **** **** ${digits.slice(-4)}`;
}

export function maskIban(iban: string): string {
  return `${iban.slice(0, 2)}** **** **** ${iban.slice(-4)}`;
}

export function maskLast2(digits: string, shape: string): string {
  return `${shape}${digits.slice(-2)}`;
}

export function maskIpv4(v: string): string {
  return `${v.split('.')[0]}.***.***.***`;
}

export function maskIpv6(v: string): string {
  const first = v.split(':')[0];
  return `${first || '0'}:****:****::*`;
}

export function maskJwt(): string {
  return 'eyJ***.***.***';
}

export function maskPrivateKey(header: string): string {
  return `${header} ***`;
}

export function maskApiKey(prefix: string): string {
  return `${prefix}***`;
}

export function maskPasswordHash(scheme: string): string {
  return `${scheme}***`;
}
