import { readFile } from 'node:fs/promises';

/** Last lines of a log file, for error details; empty when the file cannot be read. */
export async function tailFile(path: string, lines = 30): Promise<string> {
  try {
    const text = await readFile(path, 'utf8');
    return text.trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/** The most telling line of a tail: the last ERROR/FATAL line, else the last line. */
export function mostTellingLine(tail: string): string {
  const lines = tail.split('\n').filter((line) => line.trim() !== '');
  const errorLine = [...lines].reverse().find((line) => /\b(ERROR|FATAL|PANIC|Exception)\b/.test(line));
  return (errorLine ?? lines.at(-1) ?? '').trim().slice(0, 400);
}
