// Ed25519 keys for signed reports, read through the checked file reader: a private key (PEM,
// PKCS#8, owner-only file) for --sign, a public key (PEM, SubjectPublicKeyInfo; a private key
// file is accepted too, its public half is used) for verify --key. A key of another type, an
// encrypted key or a file that is no key is one line naming the option and the file (exit 2).
import { createHash, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { UsageError } from '../session/errors.ts';
import { checkInputFile, INPUT_CAPS, InputFileError, readInputText } from '../session/input-file.ts';

const HOW = 'make one with: openssl genpkey -algorithm ed25519 -out KEY; openssl pkey -in KEY -pubout -out KEY.pub';

function ed25519(key: KeyObject, option: string, path: string): KeyObject {
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new UsageError(`${option}: ${JSON.stringify(path)} is a${key.asymmetricKeyType === 'rsa' || key.asymmetricKeyType === 'ec' ? 'n' : ''} ${key.asymmetricKeyType} key; sec-check signs with Ed25519 keys (${HOW})`);
  }
  return key;
}

function why(e: unknown): string {
  const msg = String((e as Error)?.message ?? e);
  return /passphrase/i.test(msg) ? 'it is encrypted (use an unencrypted key file readable by you only)' : 'it is not a PEM key';
}

export function loadPrivateKey(path: string, option = '--sign'): KeyObject {
  // a private key readable by others is refused, as ssh and libpq refuse theirs
  const st = checkInputFile(path, INPUT_CAPS.secret, `${option} ${path}`);
  if ((st.mode & 0o077) !== 0) throw new InputFileError(`${option}: ${JSON.stringify(path)} is readable by group or others (mode ${(st.mode & 0o777).toString(8)}); chmod 600 it`);
  const text = readInputText(path, INPUT_CAPS.secret, `${option} ${path}`);
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: text, format: 'pem' });
  } catch (e) {
    throw new UsageError(`${option}: cannot use ${JSON.stringify(path)} as a private key: ${why(e)} (${HOW})`);
  }
  return ed25519(key, option, path);
}

export function loadPublicKey(path: string, option = '--key'): KeyObject {
  const text = readInputText(path, INPUT_CAPS.secret, `${option} ${path}`);
  let key: KeyObject;
  try {
    key = createPublicKey({ key: text, format: 'pem' });
  } catch (e) {
    throw new UsageError(`${option}: cannot use ${JSON.stringify(path)} as a public key: ${why(e)} (${HOW})`);
  }
  return ed25519(key, option, path);
}

/** "SHA256:" + base64 of the sha256 of the public key's DER (SubjectPublicKeyInfo), as ssh-keygen -l prints. */
export function keyFingerprint(key: KeyObject): string {
  const pub = key.type === 'private' ? createPublicKey(key) : key;
  return `SHA256:${createHash('sha256').update(pub.export({ format: 'der', type: 'spki' })).digest('base64')}`;
}
