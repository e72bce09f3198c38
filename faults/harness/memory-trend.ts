import { readFileSync } from 'node:fs';

/** Resident memory of a process in MiB, from /proc (Linux), or undefined once it is gone. */
export function residentMiB(pid: number): number | undefined {
  try {
    const line = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return line ? Number(line[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

export interface Sample {
  /** Seconds since the start. */
  readonly atS: number;
  readonly value: number;
}

/** The least-squares slope of the samples, per minute: how fast a service's memory grows. */
export function slopePerMinute(samples: readonly Sample[]): number {
  if (samples.length < 2) return 0;
  const n = samples.length;
  const meanX = samples.reduce((sum, s) => sum + s.atS, 0) / n;
  const meanY = samples.reduce((sum, s) => sum + s.value, 0) / n;
  const covariance = samples.reduce((sum, s) => sum + (s.atS - meanX) * (s.value - meanY), 0);
  const variance = samples.reduce((sum, s) => sum + (s.atS - meanX) ** 2, 0);
  return variance === 0 ? 0 : (covariance / variance) * 60;
}
