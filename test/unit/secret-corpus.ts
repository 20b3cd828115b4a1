// A corpus of credential formats and of look-alikes that are not secrets, generated from a
// seed: every value is random characters in the shape the vendor documents (prefix, length,
// alphabet), never a real key. Each positive names the pattern that must find it (src/core/
// secrets/patterns.json); each negative must be found by none. Written in the contexts
// secrets hide in: a catalog comment, a function body, JSON, a conninfo string.

import { SECRET_PATTERNS } from '../../src/core/secrets/patterns.ts';

/** Pattern ids that match a text (JavaScript), each as "id|group 1|length of group 2". */
export function jsMatches(text: string): string[] {
  const out: string[] = [];
  for (const p of SECRET_PATTERNS) {
    const m = new RegExp(p.pattern, p.flags).exec(text);
    if (m) out.push(`${p.id}|${m[1]}|${m[2].length}`);
  }
  return out;
}

export interface CorpusItem {
  /** What the text is, for failure messages. */
  name: string;
  text: string;
  /** The pattern id that must match, or null for a look-alike. */
  expect: string | null;
}

/** mulberry32: small, seeded, good enough to spread characters. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
const HEX = '0123456789abcdef';
const ALNUM = UPPER + LOWER + DIGITS;
const B64 = ALNUM + '+/';
const B64URL = ALNUM + '-_';

export function secretCorpus(seed = 20261207, variants = 3): CorpusItem[] {
  const r = rng(seed);
  const pick = (alphabet: string, n: number) => {
    let s = '';
    for (let i = 0; i < n; i++) s += alphabet[Math.floor(r() * alphabet.length)];
    // a secret of mixed case and digits, as generated keys are
    return s;
  };
  const withDigit = (alphabet: string, n: number) => { const s = pick(alphabet, n - 1); const at = Math.floor(r() * n); return s.slice(0, at) + pick(DIGITS, 1) + s.slice(at); };
  const b64url = (json: string) => Buffer.from(json).toString('base64').replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
  const items: CorpusItem[] = [];
  const add = (name: string, expect: string | null, ...texts: string[]) => texts.forEach((text, i) => items.push({ name: `${name} #${i + 1}`, text, expect }));

  for (let v = 0; v < variants; v++) {
    // AWS
    const akid = `${['AKIA', 'ASIA'][v % 2]}${pick(UPPER + '234567', 16)}`;
    add('AWS access key id', 'aws_access_key', `deploy user key ${akid} (rotate monthly)`, `{"AccessKeyId": "${akid}"}`);
    const awsSecret = withDigit(B64, 40);
    add('AWS secret access key', 'aws_secret_key', `aws_secret_access_key = ${awsSecret}`, `{"SecretAccessKey": "${awsSecret}"}`,
      `AWS_SECRET_ACCESS_KEY='${awsSecret}'`);
    // GCP
    add('Google API key', 'gcp_api_key', `maps key AIza${pick(B64URL, 35)}`);
    const pkid = pick(HEX, 40);
    add('GCP service-account key id', 'gcp_private_key_id', `{"type": "service_account", "project_id": "p${v}", "private_key_id": "${pkid}", "client_email": "x@p.iam.gserviceaccount.com"}`);
    const pemBody = Array.from({ length: 4 }, () => pick(B64, 64)).join('\\n');
    add('GCP service-account private key (JSON-escaped PEM)', 'private_key', `{"private_key": "-----BEGIN PRIVATE KEY-----\\n${pemBody}\\n-----END PRIVATE KEY-----\\n"}`);
    // PEM private keys
    const pem = Array.from({ length: 5 }, () => pick(B64, 64)).join('\n');
    for (const kind of ['RSA ', 'EC ', 'OPENSSH ', 'ENCRYPTED ', '']) {
      add(`PEM ${kind}private key`, 'private_key', `-----BEGIN ${kind}PRIVATE KEY-----\n${pem}\n-----END ${kind}PRIVATE KEY-----`);
    }
    // Azure
    const azKey = `${pick(B64, 86)}==`;
    add('Azure storage connection string', 'azure_storage_key',
      `DefaultEndpointsProtocol=https;AccountName=acct${v};AccountKey=${azKey};EndpointSuffix=core.windows.net`,
      `Endpoint=sb://ns${v}.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=${pick(B64, 43)}=`);
    // GitHub, GitLab
    add('GitHub token', 'github_token', `token ghp_${pick(ALNUM, 36)}`, `GITHUB_TOKEN=gho_${pick(ALNUM, 36)}`, `github_pat_${pick(ALNUM + '_', 82)}`);
    add('GitLab token', 'gitlab_token', `glpat-${pick(ALNUM + '_-', 20)} is the CI token`);
    // Slack
    add('Slack token', 'slack_token', `xoxb-${pick(DIGITS, 12)}-${pick(DIGITS, 13)}-${pick(ALNUM, 24)}`, `xoxp-${pick(DIGITS, 12)}-${pick(DIGITS, 12)}-${pick(DIGITS, 13)}-${pick(HEX, 32)}`);
    add('Slack webhook', 'slack_webhook', `notify https://hooks.slack.com/services/T${pick(UPPER + DIGITS, 8)}/B${pick(UPPER + DIGITS, 10)}/${pick(ALNUM, 24)}`);
    // Stripe, Twilio, SendGrid
    add('Stripe secret key', 'stripe_key', `sk_live_${pick(ALNUM, 24)}`, `rk_test_${pick(ALNUM, 99)}`);
    add('Twilio auth token', 'twilio_auth_token', `TWILIO_AUTH_TOKEN=${pick(HEX, 32)}`);
    add('SendGrid API key', 'sendgrid_key', `SG.${pick(B64URL, 22)}.${pick(B64URL, 43)}`);
    // JWT
    const jwt = `${b64url('{"alg":"HS256","typ":"JWT"}')}.${b64url(`{"sub":"${pick(DIGITS, 6)}","role":"admin"}`)}.${pick(B64URL, 43)}`;
    add('JWT', 'jwt', `Authorization: Bearer ${jwt}`);
    // PostgreSQL URIs and conninfo
    const pw = withDigit(ALNUM, 14);
    add('PostgreSQL URI with password', 'uri_password', `postgresql://app:${pw}@db${v}.internal:5432/prod`, `postgres://replicator:${pw}@10.0.0.${v + 1}/postgres?sslmode=require`);
    add('conninfo password', 'conninfo_password', `host=db${v} port=5432 user=app password=${pw} dbname=prod`);
    add('PASSWORD literal in a function body', 'password_literal', `BEGIN EXECUTE 'ALTER ROLE app PASSWORD ''x''' ; END; ALTER ROLE etl PASSWORD '${pw}';`);
    add('secret assignment', 'secret_assignment', `api_key = "${pick(ALNUM, 24)}"`, `client_secret: ${withDigit(ALNUM, 30)}`, `{"auth_token": "${pick(ALNUM, 16)}"}`);
  }

  // look-alikes: the right words or shapes, no secret
  add('AWS key id one character short', null, `AKIA${pick(UPPER, 15)} was a typo`);
  add('AWS key id lower case', null, `akia${pick(LOWER, 16)}`);
  add('AWS key id inside a longer token', null, `XAKIA${pick(UPPER, 16)}`, `AKIA${pick(UPPER, 17)}`);
  add('a 40-character hash without a key name', null, `commit ${pick(HEX, 40)} fixed it`, `sha1=${pick(HEX, 40)}`);
  add('Stripe publishable key', null, `pk_live_${pick(ALNUM, 24)}`);
  add('GitHub-like prefix too short', null, `ghp_${pick(ALNUM, 20)}`);
  add('Twilio account SID (an identifier)', null, `AC${pick(HEX, 32)}`);
  add('Twilio-like SK with 31 hex', null, `SK${pick(HEX, 31)}`);
  add('Twilio API key SID (an identifier; the secret is the token)', null, `SK${pick(HEX, 32)}`);
  add('SendGrid-like short', null, `SG.${pick(B64URL, 10)}`);
  add('Slack-like short', null, 'xoxb-123');
  add('JWT-like without payload', null, `eyJ${pick(B64URL, 10)}.${pick(B64URL, 10)}.${pick(B64URL, 10)}`);
  add('PEM public key and certificate', null, `-----BEGIN PUBLIC KEY-----\n${pick(B64, 64)}\n-----END PUBLIC KEY-----`,
    `-----BEGIN CERTIFICATE-----\n${pick(B64, 64)}\n-----END CERTIFICATE-----`);
  add('PEM private key header only', null, '-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----');
  add('URI without password', null, 'postgresql://app@db.internal:5432/prod', 'https://example.com:8443/path@v2', 'postgres://app:@db/prod');
  add('password parameter placeholders', null, 'password = $1', 'password: ********', "password => ''", 'SET password_encryption = scram-sha-256',
    'password=\'\'', 'ALTER ROLE app PASSWORD NULL');
  add('token-ish code', null, 'token := get_token_from(header);', 'v_token := NULL;', 'access_key = current_setting(\'app.key\')',
    'secret: see vault', 'api_key = :api_key');
  add('Azure account name only', null, 'DefaultEndpointsProtocol=https;AccountName=acct;EndpointSuffix=core.windows.net');
  add('private_key_id not hex', null, '{"private_key_id": "to be filled in"}');
  add('UUIDs and ordinary prose', null, `id ${pick(HEX, 8)}-${pick(HEX, 4)}-${pick(HEX, 4)}-${pick(HEX, 4)}-${pick(HEX, 12)}`,
    'The key to this table is the customer id; passwords are hashed elsewhere.', 'Secrets are kept in the vault, never here.');
  return items;
}
