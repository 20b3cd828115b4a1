// ssl_ciphers read from its keywords. The server hands the string to OpenSSL
// (SSL_CTX_set_cipher_list), which expands it against the library it was built with; the
// checks run as SQL (in the database and from the CLI alike), without that library, so this
// is a reading of the documented keyword rules (OpenSSL's ciphers(1) "CIPHER LIST FORMAT"),
// not OpenSSL's expansion, and the verdict text says so:
// - items are separated by ':' (',' and ' ' are accepted too);
// - "!X" bans X wherever it stands (later items cannot bring it back), "-X" removes X from
//   what was enabled before it, "+X" only moves enabled suites to the end, "@..." are commands;
// - weak keywords: NULL/eNULL, EXPORT, LOW, RC4, DES/3DES, MD5, ADH/AECDH (anonymous),
//   MEDIUM; ALL and COMPLEMENTOFALL include MEDIUM and LOW;
// - anonymous suites (aNULL) are in HIGH, ALL, AES, kDHE ...: a list of classes must ban
//   them with "!aNULL" (DEFAULT already leaves them out; named suites contain '-').
// TLS 1.3 suites are configured elsewhere (ssl_tls13_ciphers on 18) and are all strong.

export interface CipherReading {
  /** Items as written, upper-cased. */
  tokens: string[];
  /** Weak items left enabled, with why (keyword, or "ALL (MEDIUM:!LOW)" style notes). */
  weak: string[];
  /** Classes enabled while aNULL is not banned. */
  anull_classes: string[];
}

const WEAK = ['NULL', 'EXPORT', 'LOW', 'RC4', 'DES', 'MD5', 'ADH', 'AECDH', 'MEDIUM'];

export function readCipherList(raw: string): CipherReading {
  const tokens = raw.toUpperCase().split(/[:, ]+/).filter((t) => t !== '');
  const bannedOrRemovedAfter = (name: string, i: number) =>
    tokens.some((t, j) => t === `!${name}` || (j > i && t === `-${name}`));
  const anullBanned = tokens.some((t) => t === '!ANULL' || t === '-ANULL');
  const weak: string[] = [];
  const anull: string[] = [];
  tokens.forEach((token, i) => {
    const first = token[0];
    if (first === '!' || first === '-' || first === '+' || first === '@') return;
    let isWeak = false;
    if (WEAK.some((bad) => token.includes(bad)) && !bannedOrRemovedAfter(token, i)) {
      weak.push(token);
      isWeak = true;
    }
    if (!isWeak && (token === 'ALL' || token === 'COMPLEMENTOFALL')) {
      const left = ['MEDIUM', 'LOW'].filter((c) => !bannedOrRemovedAfter(c, i));
      if (left.length > 0) { weak.push(`${token} (${left.join(', ')})`); isWeak = true; }
    }
    if (!isWeak && !anullBanned && token !== 'DEFAULT' && !token.includes('-')) anull.push(token);
  });
  return { tokens, weak, anull_classes: anull };
}
