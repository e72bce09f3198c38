import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { arch, cpus, loadavg, platform, release, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { ensureDevelopmentPki, serveDevelopmentTsa } from '@app/dev-pki';
import { describeSignature, loadSigningIdentity, renderPdf, signPdf, type PrintDocument } from '@app/pdf';

/**
 * `npm run bench:result-signing`: what issuing one Level 4 result costs the intake, with the
 * platform's own code: rendering the PDF (pdfkit, Be Vietnam Pro, a QR code), signing it
 * PAdES B-B (RSA 2048, pkijs), both together, and signing B-T against the development TSA
 * (HTTP on loopback plus one `openssl ts -reply` per stamp, so it is an upper bound for the
 * TSA's share only on this machine). The four steps take turns per run, so a noisy
 * neighbour hits them alike.
 */

const RUNS = Math.max(30, Number(process.env.BENCH_RUNS ?? 40));
const WARM_UP = 3;
const say = (line: string) => process.stdout.write(`${line}\n`);

const AGENCY = { code: '000.00.12.H26', nameVi: 'Sở Tư pháp thành phố Hà Nội' };
const SIGN = { reason: 'Trả kết quả giải quyết thủ tục hành chính', location: 'Hà Nội', signerName: AGENCY.nameVi };

const result = (index: number): PrintDocument => ({
  title: 'PHIẾU LÝ LỊCH TƯ PHÁP SỐ 1',
  issuer: { superior: 'UBND THÀNH PHỐ HÀ NỘI', name: 'SỞ TƯ PHÁP' },
  reference: `${1000 + index}/STP-LLTP`,
  placeAndDate: 'Hà Nội, ngày 02 tháng 12 năm 2026',
  blocks: [
    { kind: 'heading', text: 'Thông tin về lý lịch tư pháp' },
    { kind: 'field', label: 'Họ và tên', value: 'Trần Văn Bình' },
    { kind: 'field', label: 'Ngày, tháng, năm sinh', value: '14/03/1990' },
    { kind: 'field', label: 'Nơi thường trú', value: 'Số 12 phố Hàng Bài, phường Hoàn Kiếm, thành phố Hà Nội' },
    { kind: 'field', label: 'Tình trạng án tích', value: 'Không có án tích' },
    {
      kind: 'table',
      columns: ['STT', 'Nội dung', 'Ghi chú'],
      widths: [1, 6, 3],
      rows: Array.from({ length: 8 }, (_, row) => [String(row + 1), `Thông tin tra cứu thứ ${row + 1}`, 'Không có']),
    },
    { kind: 'signature', title: 'GIÁM ĐỐC', note: '(Chữ ký số)', name: 'Nguyễn Văn An' },
  ],
  qr: { text: `https://dichvucong.hanoi.example.vn/tra-cuu/ket-qua?ma=STP-2026-${String(index).padStart(6, '0')}`, caption: `Mã tra cứu: STP-2026-${String(index).padStart(6, '0')}` },
});

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'result-signing-bench-'));
  const pki = await ensureDevelopmentPki(join(dir, 'pki'), [AGENCY]);
  const files = pki.agency(AGENCY.code);
  const identity = await loadSigningIdentity({ kind: 'pkcs12', file: files.p12File, password: (await readFile(files.p12PasswordFile, 'utf8')).trim() });
  const tsa = await serveDevelopmentTsa({ port: 0, pki, stateDir: join(dir, 'tsa') });
  const rendered = await renderPdf(result(0));
  const samples = { render: [] as number[], signBB: [] as number[], renderAndSign: [] as number[], signBT: [] as number[] };
  const sizes = { rendered: rendered.length, signedBB: 0, signedBT: 0 };
  try {
    for (let i = 0; i < WARM_UP + RUNS; i += 1) {
      const measured = i >= WARM_UP;
      const time = async <T>(into: number[], step: () => Promise<T>): Promise<T> => {
        const started = process.hrtime.bigint();
        const value = await step();
        if (measured) into.push(Number(process.hrtime.bigint() - started) / 1e6);
        return value;
      };
      await time(samples.render, () => renderPdf(result(i)));
      const signed = await time(samples.signBB, () => signPdf(rendered, identity, SIGN));
      await time(samples.renderAndSign, async () => signPdf(await renderPdf(result(i)), identity, SIGN));
      const stamped = await time(samples.signBT, () => signPdf(rendered, identity, { ...SIGN, timestampUrl: tsa.url }));
      if (!describeSignature(signed).messageDigestMatches) throw new Error(`run ${i}: the B-B signature does not cover its bytes`);
      if (!describeSignature(stamped).timestamp?.messageImprintMatchesSignature) throw new Error(`run ${i}: the B-T timestamp does not stamp the signature`);
      sizes.signedBB = signed.length;
      sizes.signedBT = stamped.length;
    }
  } finally {
    await tsa.close();
    await rm(dir, { recursive: true, force: true });
  }

  const stats = (values: number[]) => ({ medianMs: round(percentile(values, 0.5)), p95Ms: round(percentile(values, 0.95)), minMs: round(Math.min(...values)), maxMs: round(Math.max(...values)) });
  const steps = {
    'render only': stats(samples.render),
    'sign only (B-B)': stats(samples.signBB),
    'render + sign (B-B)': stats(samples.renderAndSign),
    'sign with timestamp (B-T, development TSA)': stats(samples.signBT),
  };
  const machine = {
    node: process.version,
    platform: `${platform()} ${release()} ${arch()}`,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGiB: round(totalmem() / 2 ** 30),
    loadAverage: loadavg().map(round),
  };
  const at = new Date().toISOString();
  say(`# Result PDF rendering and signing (${at})`);
  say('');
  say(`${RUNS} runs after ${WARM_UP} warm-up, Node ${machine.node}, ${machine.cpus} × ${machine.cpuModel}, load average ${machine.loadAverage.join(' ')}`);
  say(`sizes: rendered ${sizes.rendered} B, signed B-B ${sizes.signedBB} B, signed B-T ${sizes.signedBT} B`);
  say('');
  say('| step | median ms | p95 ms |');
  say('|---|---|---|');
  for (const [name, value] of Object.entries(steps)) say(`| ${name} | ${value.medianMs.toFixed(1)} | ${value.p95Ms.toFixed(1)} |`);

  const folder = resolve('bench/results');
  mkdirSync(folder, { recursive: true });
  const file = resolve(folder, `result-signing-${at.replace(/[:.]/g, '-').slice(0, 19)}Z.json`);
  writeFileSync(file, `${JSON.stringify({ benchmark: 'result-signing', at, runs: RUNS, warmUp: WARM_UP, machine, sizes, steps }, null, 2)}\n`);
  say(`written to ${file}`);
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

const round = (value: number): number => Math.round(value * 100) / 100;

main().catch((error: unknown) => {
  process.stderr.write(`result signing benchmark failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
