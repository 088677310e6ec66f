/**
 * Text encoding of an imported file. Helpdesk exports come as UTF-8 (with or without a byte order mark) or, when
 * saved again by Excel or LibreOffice on a French Windows, as Windows-1252. A file that is not valid UTF-8 is read
 * as Windows-1252 (a superset of Latin-1 for printable text): accents in Latin text almost never form valid UTF-8
 * sequences by chance, so the strict decoder is a good detector.
 */
import { AtelierError } from '../../../../shared/contract';

export const ENCODINGS = ['utf-8', 'windows-1252'] as const;
export type Encoding = (typeof ENCODINGS)[number];

export interface Decoded {
  text: string;
  encoding: Encoding;
  /** The file started with a UTF-8 byte order mark. */
  bom: boolean;
}

const hasBom = (bytes: Uint8Array) => bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;

export function detectEncoding(bytes: Uint8Array): Encoding {
  if (hasBom(bytes)) return 'utf-8';
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return 'utf-8';
  } catch {
    return 'windows-1252';
  }
}

/** Decodes with the given encoding, or the detected one for `auto`. A forced UTF-8 on a file that is not says so. */
export function decode(bytes: Uint8Array, wanted: Encoding | 'auto' = 'auto'): Decoded {
  const encoding = wanted === 'auto' ? detectEncoding(bytes) : wanted;
  const bom = hasBom(bytes);
  const body = encoding === 'utf-8' && bom ? bytes.subarray(3) : bytes;
  try {
    return { text: new TextDecoder(encoding, { fatal: encoding === 'utf-8' }).decode(body), encoding, bom };
  } catch {
    throw new AtelierError('invalid_input', 'the file is not valid UTF-8: choose Windows-1252 (Latin-1)', 'encoding');
  }
}
