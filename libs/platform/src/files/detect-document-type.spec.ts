import { deflateSync } from 'node:zlib';
import { detectDocumentType } from './detect-document-type';

/** CRC-32 as PNG defines it (ISO 3309), so the test builds a PNG any decoder accepts. */
function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

/** A valid 1×1 white greyscale PNG: signature, IHDR, IDAT (filter byte 0 + one pixel, deflated), IEND. */
function tinyPng(): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(1, 0); // width
  ihdr.writeUInt32BE(1, 4); // height
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // colour type: greyscale
  ihdr[10] = 0; // compression
  ihdr[11] = 0; // filter
  ihdr[12] = 0; // interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.from([0x00, 0xff]))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** The start of a JFIF JPEG: SOI, then an APP0 segment (length 16, "JFIF\0", version 1.1, no density, no thumbnail), then EOI. */
function jpegHeader(): Buffer {
  return Buffer.from([
    0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0xff, 0xd9,
  ]);
}

/** The start of an Exif JPEG as phone cameras write it: SOI, APP1 "Exif\0\0". */
function exifJpegHeader(): Buffer {
  return Buffer.from([0xff, 0xd8, 0xff, 0xe1, 0x00, 0x08, 0x45, 0x78, 0x69, 0x66, 0x00, 0x00]);
}

/** A small one-page PDF with a text line and a correct cross-reference table. */
function smallPdf(): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    '<< /Length 40 >>\nstream\nBT /F1 12 Tf 20 50 Td (Loonstrook) Tj ET\nendstream',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.7\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(Buffer.byteLength(body, 'latin1'));
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body, 'latin1');
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

describe('detectDocumentType', () => {
  it('recognises a valid PNG by its signature and IHDR chunk', () => {
    const png = tinyPng();
    expect(png.length).toBe(8 + 25 + 12 + png.readUInt32BE(33) + 12);
    expect(detectDocumentType(png)).toBe('image/png');
  });

  it('recognises JPEG headers (JFIF and Exif)', () => {
    expect(detectDocumentType(jpegHeader())).toBe('image/jpeg');
    expect(detectDocumentType(exifJpegHeader())).toBe('image/jpeg');
  });

  it('recognises a small PDF', () => {
    const pdf = smallPdf();
    expect(pdf.subarray(-6).toString()).toBe('%%EOF\n');
    expect(detectDocumentType(pdf)).toBe('application/pdf');
    expect(detectDocumentType(Buffer.from('%PDF-2.0\n'))).toBe('application/pdf');
  });

  it('looks at the content, not at a name: a text file called payslip.pdf is not a PDF', () => {
    const file = { name: 'payslip.pdf', bytes: Buffer.from('Loonstrook september\nNetto: 1450,00\n', 'utf8') };
    expect(detectDocumentType(file.bytes)).toBeNull();
  });

  it('rejects a Windows executable (MZ header)', () => {
    const exe = Buffer.alloc(128);
    exe.write('MZ', 0, 'ascii');
    exe.writeUInt32LE(0x40, 0x3c);
    exe.write('PE\0\0', 0x40, 'latin1');
    expect(detectDocumentType(exe)).toBeNull();
  });

  it('rejects empty and too-short buffers', () => {
    expect(detectDocumentType(Buffer.alloc(0))).toBeNull();
    expect(detectDocumentType(Buffer.from([0x25, 0x50, 0x44]))).toBeNull();
    expect(detectDocumentType(Buffer.from([0xff, 0xd8, 0xff]))).toBeNull();
    expect(detectDocumentType(Buffer.from([0x89, 0x50, 0x4e]))).toBeNull();
    expect(detectDocumentType(Buffer.from('%PDF-'))).toBeNull();
    expect(detectDocumentType(tinyPng().subarray(0, 8))).toBeNull();
  });

  it('rejects near misses', () => {
    expect(detectDocumentType(Buffer.from(' %PDF-1.7\n'))).toBeNull(); // not at the start
    expect(detectDocumentType(Buffer.from('%pdf-1.7\n'))).toBeNull();
    expect(detectDocumentType(Buffer.from('%PDF-x.y\n'))).toBeNull();
    expect(detectDocumentType(Buffer.from([0xff, 0xd8, 0xff, 0x00, 0x00]))).toBeNull(); // no marker after SOI
    expect(detectDocumentType(Buffer.from([0xff, 0xd8, 0xfe, 0xe0, 0x00]))).toBeNull();
    const png = tinyPng();
    png[7] = 0x00; // signature broken
    expect(detectDocumentType(png)).toBeNull();
    const noIhdr = tinyPng();
    noIhdr.write('IDAT', 12, 'ascii');
    expect(detectDocumentType(noIhdr)).toBeNull();
    expect(detectDocumentType(Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1'))).toBeNull();
    expect(detectDocumentType(Buffer.from('PK\x03\x04', 'latin1'))).toBeNull(); // zip / docx
  });

  it('returns null for anything that is not a Buffer', () => {
    expect(detectDocumentType('%PDF-1.7' as unknown as Buffer)).toBeNull();
    expect(detectDocumentType(undefined as unknown as Buffer)).toBeNull();
  });
});
