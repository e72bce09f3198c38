/** The service kinds that own a dead-letter topic (`<owner>.dead-letter.v1`). */
export const DEAD_LETTER_OWNERS = ['vault', 'intake', 'payment', 'notification'] as const;

export type DeadLetterCommand =
  | { readonly action: 'list'; readonly owners: readonly string[] }
  | { readonly action: 'show'; readonly owners: readonly string[]; readonly id: string }
  | { readonly action: 'replay'; readonly owners: readonly string[]; readonly id: string }
  | { readonly action: 'replay-all'; readonly owners: readonly string[] };

export const DEAD_LETTER_USAGE = 'usage: npm run dead-letters -- list | show <id> | replay <id> | replay --all   [--service vault|intake|payment|notification]';

/** `list`, `show <id>`, `replay <id>` or `replay --all`, each optionally narrowed by `--service <owner>`. */
export function parseDeadLetterCommand(argv: readonly string[]): DeadLetterCommand {
  const args = [...argv];
  let owners: readonly string[] = DEAD_LETTER_OWNERS;
  const serviceAt = args.indexOf('--service');
  if (serviceAt >= 0) {
    const owner = args[serviceAt + 1];
    if (!owner || !(DEAD_LETTER_OWNERS as readonly string[]).includes(owner)) throw new Error(`--service needs one of ${DEAD_LETTER_OWNERS.join(', ')}`);
    owners = [owner];
    args.splice(serviceAt, 2);
  }
  const [action, argument, ...rest] = args;
  if (rest.length > 0) throw new Error(`unexpected arguments: ${rest.join(' ')}`);
  switch (action) {
    case 'list':
      if (argument !== undefined) throw new Error('list takes no argument');
      return { action: 'list', owners };
    case 'show':
      if (!argument) throw new Error('show needs the id of a dead letter, as printed by list');
      return { action: 'show', owners, id: argument };
    case 'replay':
      if (argument === '--all') return { action: 'replay-all', owners };
      if (!argument) throw new Error('replay needs the id of a dead letter, or --all');
      return { action: 'replay', owners, id: argument };
    default:
      throw new Error(action ? `unknown command ${action}` : 'no command given');
  }
}
