import QRCode from 'qrcode';

/** Level M (15 %), as bank apps expect and the NAPAS guide shows: a sticker scuff still scans. */
const OPTIONS = { errorCorrectionLevel: 'M', margin: 2 } as const;

export function vietQrPng(payload: string): Promise<Buffer> {
  return QRCode.toBuffer(payload, { ...OPTIONS, type: 'png', scale: 8 });
}

export function vietQrSvg(payload: string): Promise<string> {
  return QRCode.toString(payload, { ...OPTIONS, type: 'svg' });
}
