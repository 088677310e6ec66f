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

/**
 * Windows-1252's characters at 0x80-0x9F (where Latin-1 has control codes): the euro sign, typographic quotes,
 * dashes, œ, Œ, Ÿ... Node 20's TextDecoder('windows-1252') decodes these bytes as Latin-1 control codes (measured:
 * 0x80 gives U+0080, not €), so they are mapped here; undefined bytes (0x81, 0x8D, 0x8F, 0x90, 0x9D) stay as is.
 */
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

function decodeWindows1252(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    const chunk = bytes.subarray(i, i + 0x8000);
    text += String.fromCharCode(...Array.from(chunk, (b) => (b >= 0x80 && b < 0xa0 ? CP1252_HIGH.charCodeAt(b - 0x80) : b)));
  }
  return text;
}

/** Decodes with the given encoding, or the detected one for `auto`. A forced UTF-8 on a file that is not says so. */
export function decode(bytes: Uint8Array, wanted: Encoding | 'auto' = 'auto'): Decoded {
  const encoding = wanted === 'auto' ? detectEncoding(bytes) : wanted;
  const bom = hasBom(bytes);
  const body = encoding === 'utf-8' && bom ? bytes.subarray(3) : bytes;
  if (encoding === 'windows-1252') return { text: decodeWindows1252(body), encoding, bom };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(body), encoding, bom };
  } catch {
    throw new AtelierError('invalid_input', 'the file is not valid UTF-8: choose Windows-1252 (Latin-1)', 'encoding');
  }
}
