import { execFile } from 'node:child_process';
import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { fingerprintOf } from './known-hosts';

/**
 * OpenSSH host certificates (PROTOCOL.certkeys). ssh2 negotiates plain host keys only, so a certificate
 * never reaches it in the handshake: the certificate is fetched beside the connection (`ssh-keyscan -c`,
 * the same host and port) and checked here against the key ssh2 did receive, so the server proved it
 * holds the certified key in the handshake itself.
 */
export interface HostCertificate {
  /** The certified key as a plain public key blob (what the handshake shows). */
  publicKey: Buffer;
  type: number;
  keyId: string;
  principals: string[];
  validAfter: bigint;
  validBefore: bigint;
  caKey: Buffer;
  signed: Buffer;
  signature: Buffer;
}

class Reader {
  private at = 0;
  constructor(private readonly buf: Buffer) {}
  u32(): number {
    const v = this.buf.readUInt32BE(this.at);
    this.at += 4;
    return v;
  }
  u64(): bigint {
    const v = this.buf.readBigUInt64BE(this.at);
    this.at += 8;
    return v;
  }
  string(): Buffer {
    const length = this.u32();
    if (this.at + length > this.buf.length) throw new Error('truncated certificate');
    const v = this.buf.subarray(this.at, this.at + length);
    this.at += length;
    return v;
  }
  get offset(): number {
    return this.at;
  }
  get done(): boolean {
    return this.at >= this.buf.length;
  }
}

const sshString = (data: Buffer | string): Buffer => {
  const body = typeof data === 'string' ? Buffer.from(data) : data;
  const length = Buffer.alloc(4);
  length.writeUInt32BE(body.length);
  return Buffer.concat([length, body]);
};

/** Parses `*-cert-v01@openssh.com` blobs (ed25519, ecdsa, rsa); throws on anything else. */
export function parseHostCertificate(blob: Buffer): HostCertificate {
  const r = new Reader(blob);
  const certType = r.string().toString();
  const plainType = certType.replace(/-cert-v01@openssh\.com$/, '');
  if (plainType === certType) throw new Error(`not a certificate: ${certType}`);
  r.string(); // nonce
  let fields: Buffer[];
  if (plainType === 'ssh-ed25519') fields = [r.string()];
  else if (plainType.startsWith('ecdsa-sha2-')) fields = [r.string(), r.string()];
  else if (plainType === 'ssh-rsa') fields = [r.string(), r.string()];
  else throw new Error(`unsupported certificate key type ${plainType}`);
  r.u64(); // serial
  const type = r.u32();
  const keyId = r.string().toString();
  const packed = new Reader(r.string());
  const principals: string[] = [];
  while (!packed.done) principals.push(packed.string().toString());
  const validAfter = r.u64();
  const validBefore = r.u64();
  r.string(); // critical options
  r.string(); // extensions
  r.string(); // reserved
  const caKey = r.string();
  const signed = blob.subarray(0, r.offset);
  const signature = r.string();
  return {
    publicKey: Buffer.concat([sshString(plainType), ...fields.map((f) => sshString(f))]),
    type,
    keyId,
    principals,
    validAfter,
    validBefore,
    caKey,
    signed,
    signature,
  };
}

const b64url = (b: Buffer) => b.toString('base64url');
const unsigned = (b: Buffer) => (b[0] === 0 ? b.subarray(1) : b);

/** A KeyObject for an SSH public key blob (ed25519, ecdsa P-256/384/521, rsa). */
function publicKeyObject(blob: Buffer): KeyObject {
  const r = new Reader(blob);
  const type = r.string().toString();
  if (type === 'ssh-ed25519') return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: b64url(r.string()) }, format: 'jwk' });
  if (type === 'ssh-rsa') {
    const e = unsigned(r.string());
    const n = unsigned(r.string());
    return createPublicKey({ key: { kty: 'RSA', e: b64url(e), n: b64url(n) }, format: 'jwk' });
  }
  const curve = { 'ecdsa-sha2-nistp256': 'P-256', 'ecdsa-sha2-nistp384': 'P-384', 'ecdsa-sha2-nistp521': 'P-521' }[type];
  if (curve) {
    r.string();
    const point = r.string();
    const size = (point.length - 1) / 2;
    return createPublicKey({ key: { kty: 'EC', crv: curve, x: b64url(point.subarray(1, 1 + size)), y: b64url(point.subarray(1 + size)) }, format: 'jwk' });
  }
  throw new Error(`unsupported CA key type ${type}`);
}

/** Whether `caKey` signed the certificate (the signature formats of RFC 8709, 5656 and 8332). */
export function signatureValid(cert: HostCertificate): boolean {
  try {
    const sig = new Reader(cert.signature);
    const algorithm = sig.string().toString();
    const raw = sig.string();
    const key = publicKeyObject(cert.caKey);
    if (algorithm === 'ssh-ed25519') return verify(null, cert.signed, key, raw);
    if (algorithm === 'rsa-sha2-512' || algorithm === 'rsa-sha2-256') return verify(algorithm === 'rsa-sha2-512' ? 'sha512' : 'sha256', cert.signed, key, raw);
    const hash = { 'ecdsa-sha2-nistp256': 'sha256', 'ecdsa-sha2-nistp384': 'sha384', 'ecdsa-sha2-nistp521': 'sha512' }[algorithm];
    if (!hash) return false;
    const rs = new Reader(raw);
    const size = { sha256: 32, sha384: 48, sha512: 66 }[hash]!;
    const pad = (b: Buffer) => Buffer.concat([Buffer.alloc(Math.max(0, size - unsigned(b).length)), unsigned(b)]);
    return verify(hash, cert.signed, { key, dsaEncoding: 'ieee-p1363' }, Buffer.concat([pad(rs.string()), pad(rs.string())]));
  } catch {
    return false;
  }
}

/**
 * The CA (as `type SHA256:...`) that vouches for `hostKey` as `hostName` through one of `certificates`:
 * a host certificate, signed by one of `authorities`, for this very key, naming this host, valid now.
 */
export function certifyingAuthority(certificates: readonly Buffer[], hostKey: Buffer, hostName: string, authorities: readonly Buffer[], now = new Date()): string | undefined {
  const seconds = BigInt(Math.floor(now.getTime() / 1000));
  for (const blob of certificates) {
    let cert: HostCertificate;
    try {
      cert = parseHostCertificate(blob);
    } catch {
      continue;
    }
    if (cert.type !== 2 || !cert.publicKey.equals(hostKey)) continue;
    if (!cert.principals.some((p) => p.toLowerCase() === hostName.toLowerCase())) continue;
    if (seconds < cert.validAfter || seconds >= cert.validBefore) continue;
    if (!authorities.some((ca) => ca.equals(cert.caKey)) || !signatureValid(cert)) continue;
    return fingerprintOf(cert.caKey);
  }
  return undefined;
}

/** The host's certificates, as `ssh-keyscan -c` reads them (none where OpenSSH's client tools are missing). */
export async function scanHostCertificates(address: string, port: number, timeoutMs: number): Promise<Buffer[]> {
  return await new Promise((resolve) => {
    execFile('ssh-keyscan', ['-c', '-T', String(Math.max(1, Math.ceil(timeoutMs / 1000))), '-p', String(port), '--', address], { timeout: timeoutMs + 1000, windowsHide: true }, (_error, stdout) => {
      const lines = String(stdout ?? '')
        .split('\n')
        .filter((line) => !line.startsWith('#'))
        .map((line) => line.trim().split(/\s+/));
      const blobs = lines
        // `-c` prints `type base64` (no host field) where plain scans print `host type base64`.
        .map((f) => f.findIndex((word) => /-cert-v01@openssh\.com$/.test(word)))
        .map((at, i) => (at < 0 ? undefined : lines[i]?.[at + 1]))
        .filter((b64): b64 is string => b64 !== undefined)
        .map((b64) => Buffer.from(b64, 'base64'));
      resolve(blobs);
    });
  });
}
