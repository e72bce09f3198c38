import { createNssDatabase, pdfsig, pdfText, readQrCodes } from './pdf-tools';

describe('pdf tools', () => {
  const path = process.env.PATH;
  beforeEach(() => {
    process.env.PATH = '/nonexistent';
  });
  afterEach(() => {
    process.env.PATH = path;
  });

  it('say in one line which package to install when a tool is missing', async () => {
    const pdf = Buffer.from('%PDF-1.4\n%%EOF\n');
    await expect(pdfText(pdf)).rejects.toThrow('pdftotext not found: install poppler-utils (apt-get install poppler-utils)');
    await expect(pdfsig(pdf)).rejects.toThrow('pdfsig not found: install poppler-utils (apt-get install poppler-utils)');
    await expect(readQrCodes(pdf)).rejects.toThrow('pdftoppm not found: install poppler-utils (apt-get install poppler-utils)');
    await expect(createNssDatabase('/tmp', '')).rejects.toThrow('certutil not found: install libnss3-tools (apt-get install libnss3-tools)');
  });
});
