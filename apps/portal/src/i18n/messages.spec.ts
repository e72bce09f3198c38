import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MESSAGE_KEYS, translator } from './messages';

const VIEWS = 'apps/portal/views';
const SOURCES = 'apps/portal/src';

function files(dir: string, extension: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(extension) && !entry.name.endsWith('.spec.ts'))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** The values the services send that pages translate by prefix ('status.' + dossier.status…). */
const ENUMERATED: Record<string, readonly string[]> = {
  status: ['draft', 'submitted', 'received', 'refused', 'supplement_requested', 'resubmitted', 'in_processing', 'awaiting_payment', 'approved', 'rejected', 'result_issued', 'result_delivered', 'withdrawn'],
  channel: ['online', 'in_person', 'post'],
  level: ['1', '2', '3', '4'],
  levelMeaning: ['1', '2', '3', '4'],
  orderStatus: ['created', 'pending', 'paid', 'failed', 'cancelled', 'expired', 'partly_refunded', 'refunded'],
  satisfaction: ['very_satisfied', 'satisfied', 'dissatisfied'],
  actor: ['citizen', 'officer', 'admin', 'system'],
  access: ['read', 'read-denied', 'reused', 'revoked'],
  notice: ['saved', 'submitted', 'uploaded', 'rated', 'done', 'resubmitted', 'switched'],
};

describe('the portal’s words', () => {
  const known = new Set<string>(MESSAGE_KEYS);

  it('has every key a template or a page names, in Vietnamese and (by its type) English', () => {
    const used = new Set<string>();
    for (const file of [...files(VIEWS, '.njk'), ...files(SOURCES, '.ts')]) {
      for (const match of readFileSync(file, 'utf8').matchAll(/\bt\(\s*'([a-zA-Z]+\.[\w.-]+)'/g)) used.add(match[1]);
      for (const match of readFileSync(file, 'utf8').matchAll(/label: '([a-zA-Z]+\.[\w.-]+)'/g)) used.add(match[1]);
    }
    expect(used.size).toBeGreaterThan(100);
    expect([...used].filter((key) => !known.has(key))).toEqual([]);
  });

  it('has a word for every value the services send that a page translates', () => {
    const missing = Object.entries(ENUMERATED).flatMap(([prefix, values]) => values.map((value) => `${prefix}.${value}`)).filter((key) => !known.has(key));
    expect(missing).toEqual([]);
  });

  it('fills in named values and shows an unknown key as itself', () => {
    expect(translator('vi')('procedure.workingDays', { days: 10 })).toBe('10 ngày làm việc');
    expect(translator('en')('procedure.workingDays', { days: 10 })).toBe('10 working days');
    expect(translator('vi')('no.such.key')).toBe('no.such.key');
  });
});
