import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { beVietnamProFiles } from './be-vietnam-pro.font';
import type { PrintBlock, PrintDocument } from './print-document';

const MM = 72 / 25.4;
/** Decree 30/2020/NĐ-CP, Appendix I: top and bottom 20–25 mm, left 30–35 mm, right 15–20 mm. */
const MARGINS = { top: 20 * MM, bottom: 20 * MM, left: 30 * MM, right: 15 * MM };
const BODY_SIZE = 13;
const SMALL_SIZE = 12;
const LINE_GAP = 2;
const QR_SIZE = 90;

const NATIONAL_NAME = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM';
const NATIONAL_MOTTO = 'Độc lập - Tự do - Hạnh phúc';

/**
 * Text given in decomposed form (NFD, as macOS file names and some keyboards produce) is
 * shaped by fontkit into base letters plus combining marks, and text extraction then
 * returns those pieces: every string is composed before pdfkit sees it.
 */
const nfc = (text: string): string => text.normalize('NFC');

/**
 * One A4 administrative document laid out as Decree 30/2020 prints it: the issuer top left,
 * the national name and motto top right, then the title and the blocks, page breaks where
 * they fall. It is a printout to fill in by hand, never an interactive form (no AcroForm).
 * The issuer lines print as given: Decree 30 writes them in capitals, so pass them so.
 */
export async function renderPdf(document: PrintDocument): Promise<Buffer> {
  const fonts = beVietnamProFiles();
  const qrImage = document.qr ? await QRCode.toBuffer(document.qr.text, { type: 'png', errorCorrectionLevel: 'M', margin: 1, scale: 8 }) : undefined;
  const pdf = new PDFDocument({
    size: 'A4',
    margins: MARGINS,
    lang: 'vi-VN',
    displayTitle: true,
    bufferPages: true,
    font: fonts.regular,
    info: {
      Title: nfc(document.metadata?.title ?? document.title),
      ...(document.metadata?.author ? { Author: nfc(document.metadata.author) } : {}),
      ...(document.metadata?.subject ? { Subject: nfc(document.metadata.subject) } : {}),
      CreationDate: document.metadata?.createdAt ?? new Date(),
      Producer: 'once-only-platform @app/pdf',
    },
  });
  pdf.registerFont('regular', fonts.regular);
  pdf.registerFont('bold', fonts.bold);
  const chunks: Buffer[] = [];
  const finished = new Promise<Buffer>((resolve, reject) => {
    pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  const layout = new DocumentLayout(pdf);
  layout.header(document);
  layout.title(document.title, document.subtitle);
  for (const block of document.blocks) layout.block(block);
  if (document.qr && qrImage) layout.qr(qrImage, document.qr.caption);
  layout.pageNumbers();
  pdf.end();
  return finished;
}

class DocumentLayout {
  constructor(private readonly pdf: PDFKit.PDFDocument) {}

  private get left(): number {
    return this.pdf.page.margins.left;
  }

  private get width(): number {
    return this.pdf.page.width - this.pdf.page.margins.left - this.pdf.page.margins.right;
  }

  private get bottom(): number {
    return this.pdf.page.height - this.pdf.page.margins.bottom;
  }

  /** Drawings (boxes, rules, images) do not flow like text: start a page when one would not fit. */
  private ensureSpace(height: number): void {
    if (this.pdf.y + height > this.bottom) this.pdf.addPage();
  }

  private write(text: string, options: { font?: 'regular' | 'bold'; size?: number; x?: number; width?: number; align?: 'left' | 'center' | 'right' } = {}): void {
    const x = options.x ?? this.left;
    this.pdf
      .font(options.font ?? 'regular')
      .fontSize(options.size ?? BODY_SIZE)
      .text(nfc(text), x, this.pdf.y, { width: options.width ?? this.width - (x - this.left), align: options.align ?? 'left', lineGap: LINE_GAP });
  }

  /** Decree 30: from the second page on, the page number centred in the top margin. */
  pageNumbers(): void {
    const { start, count } = this.pdf.bufferedPageRange();
    for (let index = start + 1; index < start + count; index += 1) {
      this.pdf.switchToPage(index);
      this.pdf
        .font('regular')
        .fontSize(SMALL_SIZE)
        .text(String(index - start + 1), this.left, this.pdf.page.margins.top / 2, { width: this.width, align: 'center', lineBreak: false });
    }
  }

  header(document: PrintDocument): void {
    const top = this.pdf.y;
    this.pdf.font('bold').fontSize(SMALL_SIZE);
    const rightWidth = Math.min(this.width * 0.62, this.pdf.widthOfString(NATIONAL_NAME) + 12);
    const leftWidth = this.width - rightWidth - 8;
    const rightX = this.left + this.width - rightWidth;

    this.write(NATIONAL_NAME, { font: 'bold', size: SMALL_SIZE, x: rightX, width: rightWidth, align: 'center' });
    this.write(NATIONAL_MOTTO, { font: 'bold', size: BODY_SIZE, x: rightX, width: rightWidth, align: 'center' });
    this.rule(rightX + rightWidth / 2, this.pdf.font('bold').fontSize(BODY_SIZE).widthOfString(NATIONAL_MOTTO));
    if (document.placeAndDate) {
      this.pdf.moveDown(0.4);
      this.write(document.placeAndDate, { x: rightX, width: rightWidth, align: 'center' });
    }
    const rightBottom = this.pdf.y;

    this.pdf.y = top;
    if (document.issuer?.superior) this.write(document.issuer.superior, { size: SMALL_SIZE, width: leftWidth, align: 'center' });
    if (document.issuer) {
      this.write(document.issuer.name, { font: 'bold', size: SMALL_SIZE, width: leftWidth, align: 'center' });
      this.rule(this.left + leftWidth / 2, leftWidth / 3);
    }
    if (document.reference) {
      this.pdf.moveDown(0.4);
      const reference = /^\s*số\s*:/iu.test(nfc(document.reference)) ? document.reference : `Số: ${document.reference}`;
      this.write(reference, { width: leftWidth, align: 'center' });
    }
    this.pdf.y = Math.max(this.pdf.y, rightBottom);
    this.pdf.moveDown(1.2);
  }

  /** The short rule Decree 30 draws under the agency's name and under the motto. */
  private rule(centreX: number, length: number): void {
    const y = this.pdf.y + 1;
    this.pdf
      .moveTo(centreX - length / 2, y)
      .lineTo(centreX + length / 2, y)
      .lineWidth(0.6)
      .stroke();
    this.pdf.y = y + 2;
  }

  title(title: string, subtitle?: string): void {
    this.write(title, { font: 'bold', size: BODY_SIZE + 1, align: 'center' });
    if (subtitle) this.write(subtitle, { align: 'center' });
    this.pdf.moveDown(0.8);
  }

  block(block: PrintBlock): void {
    switch (block.kind) {
      case 'heading':
        this.ensureSpace(3 * BODY_SIZE);
        this.pdf.moveDown(0.3);
        this.write(block.text, { font: 'bold' });
        break;
      case 'paragraph':
        this.write(block.text);
        break;
      case 'field':
        this.field(block.label, block.value, block.lines ?? 1);
        break;
      case 'checkbox':
        this.checkbox(block.label, block.checked ?? false);
        break;
      case 'list':
        this.list(block.items, block.ordered ?? false);
        break;
      case 'table':
        this.table(block.columns, block.rows, block.widths);
        break;
      case 'signature':
        this.signature(block.title, block.name, block.note);
        break;
    }
    this.pdf.moveDown(0.3);
  }

  private field(label: string, value: string | undefined, lines: number): void {
    if (value !== undefined && value !== '') {
      this.write(`${label}: ${value}`);
      return;
    }
    this.pdf.font('regular').fontSize(BODY_SIZE);
    const lead = `${nfc(label)}: `;
    const leadWidth = this.pdf.widthOfString(lead);
    const lineHeight = this.pdf.currentLineHeight(true) + LINE_GAP;
    let remaining = lines;
    if (leadWidth < this.width * 0.75) {
      this.ensureSpace(lineHeight);
      const y = this.pdf.y;
      this.pdf.text(lead, this.left, y, { lineBreak: false });
      this.dottedLine(this.left + leadWidth, y + lineHeight - 4);
      this.pdf.y = y + lineHeight;
      remaining -= 1;
    } else {
      this.write(lead);
    }
    for (; remaining > 0; remaining -= 1) {
      this.ensureSpace(lineHeight + 4);
      this.pdf.y += 4;
      this.dottedLine(this.left, this.pdf.y + lineHeight - 4);
      this.pdf.y += lineHeight;
    }
  }

  /** Drawn, not typed as dots, so a filled-in copy's text extraction holds only the words. */
  private dottedLine(fromX: number, y: number): void {
    this.pdf
      .save()
      .moveTo(fromX, y)
      .lineTo(this.left + this.width, y)
      .lineWidth(0.8)
      .dash(0.8, { space: 2.4 })
      .stroke()
      .undash()
      .restore();
  }

  private checkbox(label: string, checked: boolean): void {
    this.pdf.font('regular').fontSize(BODY_SIZE);
    const box = 10;
    this.ensureSpace(this.pdf.currentLineHeight(true) + LINE_GAP);
    const y = this.pdf.y;
    const boxY = y + 3;
    this.pdf.save().lineWidth(0.8).rect(this.left, boxY, box, box).stroke();
    if (checked) {
      this.pdf
        .moveTo(this.left + 2, boxY + box / 2)
        .lineTo(this.left + box / 2 - 0.5, boxY + box - 2)
        .lineTo(this.left + box - 1.5, boxY + 2)
        .lineWidth(1.2)
        .stroke();
    }
    this.pdf.restore();
    this.pdf.y = y;
    this.write(label, { x: this.left + box + 6 });
  }

  private list(items: string[], ordered: boolean): void {
    const indent = 22;
    items.forEach((item, index) => {
      this.pdf.font('regular').fontSize(BODY_SIZE);
      this.ensureSpace(this.pdf.currentLineHeight(true));
      const y = this.pdf.y;
      this.pdf.text(ordered ? `${index + 1}.` : '-', this.left + 4, y, { lineBreak: false });
      this.pdf.y = y;
      this.write(item, { x: this.left + indent });
    });
  }

  private table(columns: string[], rows: string[][], weights?: number[]): void {
    const padding = 4;
    const relative = weights && weights.length === columns.length ? weights : columns.map(() => 1);
    const total = relative.reduce((sum, weight) => sum + weight, 0);
    const widths = relative.map((weight) => (weight / total) * this.width);
    const drawRow = (cells: string[], font: 'regular' | 'bold'): void => {
      this.pdf.font(font).fontSize(SMALL_SIZE);
      const texts = columns.map((_, index) => nfc(cells[index] ?? ''));
      const height = Math.max(...texts.map((text, index) => this.pdf.heightOfString(text, { width: widths[index] - 2 * padding, lineGap: LINE_GAP }))) + 2 * padding;
      if (this.pdf.y + height > this.bottom) {
        this.pdf.addPage();
        if (font === 'regular') drawRow(columns, 'bold');
        this.pdf.font(font).fontSize(SMALL_SIZE);
      }
      const y = this.pdf.y;
      let x = this.left;
      texts.forEach((text, index) => {
        this.pdf.lineWidth(0.6).rect(x, y, widths[index], height).stroke();
        this.pdf.text(text, x + padding, y + padding, { width: widths[index] - 2 * padding, align: font === 'bold' ? 'center' : 'left', lineGap: LINE_GAP });
        x += widths[index];
      });
      this.pdf.y = y + height;
    };
    drawRow(columns, 'bold');
    for (const row of rows) drawRow(row, 'regular');
    this.pdf.x = this.left;
    this.pdf.y += 4;
  }

  private signature(title: string, name?: string, note?: string): void {
    const width = this.width / 2;
    const x = this.left + this.width - width;
    this.ensureSpace(5 * BODY_SIZE + 70);
    this.pdf.moveDown(0.5);
    this.write(title, { font: 'bold', x, width, align: 'center' });
    if (note) this.write(note, { size: SMALL_SIZE, x, width, align: 'center' });
    // Room for the handwritten signature and the seal.
    this.pdf.y += 60;
    if (name) this.write(name, { font: 'bold', x, width, align: 'center' });
  }

  qr(image: Buffer, caption: string): void {
    this.pdf.moveDown(0.5);
    this.ensureSpace(QR_SIZE + 4);
    const y = this.pdf.y;
    this.pdf.image(image, this.left, y, { width: QR_SIZE, height: QR_SIZE });
    this.pdf.y = y + 8;
    this.write(caption, { size: SMALL_SIZE, x: this.left + QR_SIZE + 10 });
    this.pdf.y = Math.max(this.pdf.y, y + QR_SIZE);
    this.pdf.x = this.left;
  }
}
