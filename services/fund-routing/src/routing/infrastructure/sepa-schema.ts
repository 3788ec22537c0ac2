import { readFile } from 'node:fs/promises';
import { validateXML } from 'xmllint-wasm';

export interface SchemaValidation {
  valid: boolean;
  errors: string[];
}

/**
 * Validates a pain.001.001.03 document against the XSD at `xsdPath` (deploy/local/sepa-schema fetches it;
 * the schema is not ours to commit) with libxml2 compiled to WebAssembly, so no native build is needed.
 * A document that is not well-formed is invalid; a schema that cannot be read or compiled rejects the
 * promise instead, as that says nothing about the document.
 */
export async function validatePain001(xml: string, xsdPath: string): Promise<SchemaValidation> {
  const xsd = await readFile(xsdPath, 'utf8');
  const result = await validateXML({
    xml: [{ fileName: 'pain.001.xml', contents: xml }],
    schema: [{ fileName: 'pain.001.001.03.xsd', contents: xsd }],
  });
  return { valid: result.valid, errors: result.errors.map((e) => e.message).filter((m) => m.trim() !== '') };
}
