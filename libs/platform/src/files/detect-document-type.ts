/** The evidence formats income-checks accepts. */
export type DocumentType = 'application/pdf' | 'image/jpeg' | 'image/png';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** Every PNG starts its first chunk (length, then type) right after the signature, and it is IHDR. */
const PNG_IHDR = Buffer.from('IHDR', 'ascii');
/** `%PDF-` and a version such as `1.7` or `2.0`. */
const PDF_HEADER = /^%PDF-\d\.\d/;

/**
 * Recognises a document by its first bytes, never by its name or the type the client claims:
 *
 * - PDF: `%PDF-` followed by a version (`%PDF-1.7`);
 * - JPEG: FF D8 FF (start of image, then the first marker) and a marker type byte (C0-FE, e.g. E0 JFIF,
 *   E1 Exif, DB);
 * - PNG: the 8-byte signature 89 50 4E 47 0D 0A 1A 0A and the IHDR chunk that must follow it.
 *
 * Anything else — including a buffer too short to hold those bytes — is `null`. This says what a file
 * claims to be, not that it is well-formed or harmless: do not render or parse it with that assumption.
 */
export function detectDocumentType(bytes: Buffer): DocumentType | null {
  if (!Buffer.isBuffer(bytes)) return null;
  if (bytes.length >= 8 && PDF_HEADER.test(bytes.subarray(0, 8).toString('latin1'))) return 'application/pdf';
  if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff && bytes[3] >= 0xc0 && bytes[3] <= 0xfe) {
    return 'image/jpeg';
  }
  if (bytes.length >= 16 && bytes.subarray(0, 8).equals(PNG_SIGNATURE) && bytes.subarray(12, 16).equals(PNG_IHDR)) return 'image/png';
  return null;
}
