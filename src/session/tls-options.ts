// TLS settings of a connection from libpq's sslmode and certificate keywords. As in libpq:
// require verifies nothing unless a root certificate file is there (then it checks the chain,
// like verify-ca); verify-ca checks the chain; verify-full also the host name; a client
// certificate is used when its file exists, its key only when no one but the owner (or, for
// a key owned by root, its group) may read it. Files go through the checked reader.
import type { ConnectionOptions } from 'node:tls';
import { isIP } from 'node:net';
import type { ConnectionTarget } from './connection-target.ts';
import { checkInputFile, INPUT_CAPS, inputExists, InputFileError, readInputText } from './input-file.ts';

/** A certificate or key problem: the connection is not tried (exit 2, one line). */
export class TlsSetupError extends Error {}

function read(path: string, what: string): string {
  try {
    return readInputText(path, INPUT_CAPS.certificate, `${what} ${path}`);
  } catch (e) {
    if (e instanceof InputFileError) throw new TlsSetupError(e.message);
    throw e;
  }
}

function exists(path: string, what: string): boolean {
  try {
    return inputExists(path, `${what} ${path}`);
  } catch (e) {
    if (e instanceof InputFileError) throw new TlsSetupError(e.message);
    throw e;
  }
}

export function tlsOptions(t: ConnectionTarget): ConnectionOptions {
  const o: ConnectionOptions = {};
  const verifyMode = t.sslmode === 'verify-ca' || t.sslmode === 'verify-full';
  if (t.sslrootcert === 'system') {
    o.rejectUnauthorized = true; // Node's bundled and system CAs
  } else if (exists(t.sslrootcert, 'root certificate file')) {
    o.ca = read(t.sslrootcert, 'root certificate file');
    o.rejectUnauthorized = true;
  } else if (verifyMode) {
    throw new TlsSetupError(`root certificate file "${t.sslrootcert}" does not exist; either provide the file or change sslmode to disable server certificate verification`);
  } else {
    o.rejectUnauthorized = false;
  }
  // the chain only (verify-ca, and require/prefer with a root certificate): any host name
  if (o.rejectUnauthorized && t.sslmode !== 'verify-full') o.checkServerIdentity = () => undefined;
  if (t.host && !t.socket && isIP(t.host) === 0) o.servername = t.host;
  if (exists(t.sslcert, 'certificate file')) {
    o.cert = read(t.sslcert, 'certificate file');
    let st;
    try {
      st = checkInputFile(t.sslkey, INPUT_CAPS.certificate, `private key file ${t.sslkey}`);
    } catch (e) {
      if (e instanceof InputFileError) throw new TlsSetupError(`certificate present, but not private key file "${t.sslkey}" (${e.message.slice(`private key file ${t.sslkey}: `.length)})`);
      throw e;
    }
    const euid = process.geteuid?.() ?? -1;
    if ((st.uid === euid && (st.mode & 0o077) !== 0) || (st.uid === 0 && (st.mode & 0o037) !== 0)) {
      throw new TlsSetupError(`private key file "${t.sslkey}" has group or world access; file must have permissions u=rw (0600) or less if owned by the current user, or permissions u=rw,g=r (0640) or less if owned by root`);
    }
    o.key = read(t.sslkey, 'private key file');
    if (t.sslpassword !== null) o.passphrase = t.sslpassword;
  }
  if (t.sslcrl !== null) o.crl = read(t.sslcrl, 'certificate revocation list file');
  return o;
}
