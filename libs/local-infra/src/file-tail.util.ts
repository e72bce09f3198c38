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

/**
 * For a JVM's log: the last `Caused by:` line, which names the root cause of the last stack
 * trace (Spring Boot's own ERROR line only says "Application run failed"), else as
 * mostTellingLine.
 */
export function mostTellingJavaLine(tail: string): string {
  const causes = tail.split('\n').filter((line) => line.startsWith('Caused by:'));
  return causes.length > 0 ? causes.at(-1)!.trim().slice(0, 400) : mostTellingLine(tail);
}

/**
 * For Maven's output: its first `[ERROR]` line says what failed ("Could not resolve
 * dependencies … was not found"); the later ones are boilerplate about -e, -X and help pages.
 */
export function mostTellingMavenLine(output: string): string {
  // eslint-disable-next-line no-control-regex
  const lines = output.replace(/\x1b\[[0-9;]*m/g, '').split('\n');
  const firstError = lines.find((line) => /^\[ERROR\]\s*\S/.test(line));
  return firstError ? firstError.trim().slice(0, 400) : mostTellingLine(output);
}
