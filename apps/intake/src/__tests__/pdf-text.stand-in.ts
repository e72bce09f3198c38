/**
 * STAND-IN, TO BE DELETED AT MERGE: `pdfText` comes from `@app/testing`, which another branch
 * extends. It exists only so this branch compiles. At the merge, delete this file and import
 * `pdfText` from '@app/testing' in forms.integration-spec.ts.
 */
export function pdfText(pdf: Buffer): Promise<string> {
  return Promise.reject(new Error(`@app/testing's pdfText is not merged into this branch yet (${pdf.length} bytes not read)`));
}
