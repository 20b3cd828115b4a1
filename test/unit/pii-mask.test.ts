// Masked samples never reveal the value. For every value the dataset generator makes (300
// per generator, 15 generators) the detector of its kind must find it, and its mask must
// (1) not contain the value, and (2) contain no run of 4 letters/digits of the value except
// inside the parts the masking policy allows (src/core/pii/mask.ts, restated here on
// purpose so a change to the masker cannot widen its own allowance):
//   email: the TLD · phone: country code and the last 2 digits (shorter than 4: nothing)
//   payment_card: the last 4 digits · iban: country code, last 4 characters
//   inn, snils, passport_ru, ssn: last 2 digits · ip_address: first octet/group
//   secret: the PEM header line and vendor prefixes (AKIA, ghp_, sk_live_, xoxb-, AIza, glpat-)
//   password_hash: the scheme name (argon2id, SCRAM-SHA-256, …)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DETECTORS } from '../../src/core/pii/detectors.ts';
import type { PiiCategory } from '../../src/core/pii/rules.ts';
import { allGeneratedValues } from '../fixtures/pii-dataset.ts';

const DETECTORS_OF: Record<PiiCategory, string[]> = {
  email: ['email'], phone: ['phone'], payment_card: ['payment_card'], iban: ['iban'], inn: ['inn'], snils: ['snils'],
  passport_ru: ['passport_ru'], ssn: ['ssn'], ip_address: ['ipv4', 'ipv6'], secret: ['jwt', 'private_key', 'api_key'], password_hash: ['password_hash'],
};

/** The parts of `value` its mask may show (each a string that may appear verbatim). */
function allowed(category: PiiCategory, value: string): string[] {
  const alnum = value.replace(/[^A-Za-z0-9]/g, '');
  switch (category) {
    case 'email': return [value.slice(value.lastIndexOf('.') + 1)];
    case 'payment_card': return [alnum.slice(-4)];
    case 'iban': return [alnum.slice(0, 2), alnum.slice(-4)];
    case 'inn': case 'snils': case 'passport_ru': case 'ssn': case 'phone': return [alnum.slice(-2)];
    case 'ip_address': return [value.split(/[.:]/)[0]];
    case 'secret': {
      const pem = /-----BEGIN ([A-Z ]+)-----/.exec(value);
      if (pem) return [pem[0]];
      const prefix = /^(AKIA|ghp_|sk_live_|xoxb-|AIza|glpat-)/.exec(value);
      return prefix ? [prefix[1]] : [];
    }
    case 'password_hash': return [(/^(\$[^$]+\$(\d\d\$)?|SCRAM-SHA-256\$|md5)/.exec(value) ?? [''])[0]];
  }
}

test('every generated PII value is detected and its mask reveals nothing beyond the policy', () => {
  const values = allGeneratedValues();
  assert.ok(values.length >= 4000);
  const byCategory = new Map<string, number>();
  for (const { generator, category, value } of values) {
    const hit = DETECTORS_OF[category].map((d) => DETECTORS[d](value)).find(Boolean);
    assert.ok(hit, `${generator}: not detected: ${value}`);
    const masked = hit.masked;
    assert.ok(!masked.includes(value), `${generator}: mask contains the value`);
    assert.ok(!masked.includes(hit.value), `${generator}: mask contains the match`);
    assert.ok(masked.includes('***'), `${generator}: mask has no *** marker: ${masked}`);
    const okParts = allowed(category, value);
    for (let i = 0; i + 4 <= value.length; i++) {
      const run = value.slice(i, i + 4);
      if (!/^[A-Za-z0-9]{4}$/.test(run) || !masked.includes(run)) continue;
      assert.ok(okParts.some((p) => p.includes(run)), `${generator}: mask ${JSON.stringify(masked)} shows ${JSON.stringify(run)} of the value, not allowed by the policy (${okParts.join(', ')})`);
    }
    byCategory.set(category, (byCategory.get(category) ?? 0) + 1);
  }
  assert.equal(byCategory.size, 11, 'all eleven categories were checked');
});

test('mask shapes', () => {
  assert.equal(DETECTORS.email('john.smith@example.com')?.masked, 'j***@e***.com');
  assert.equal(DETECTORS.payment_card('4242 4242 4242 4242')?.masked, '**** **** **** 4242');
  assert.equal(DETECTORS.iban('DE89370400440532013000')?.masked, 'DE** **** **** 3000');
  assert.equal(DETECTORS.phone('+7 (912) 345-67-89')?.masked, '+7 ********-89');
  assert.equal(DETECTORS.ipv4('10.1.2.3')?.masked, '10.***.***.***');
  assert.equal(DETECTORS.ssn('123-45-6789')?.masked, '***-**-**89');
});
