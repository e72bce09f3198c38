import { DEAD_LETTER_OWNERS, parseDeadLetterCommand, type DeadLetterCommand } from './dead-letter-command';

describe(parseDeadLetterCommand.name, () => {
  const accepted: [string, string[], DeadLetterCommand][] = [
    ['list of every service', ['list'], { action: 'list', owners: DEAD_LETTER_OWNERS }],
    ['list of one service', ['list', '--service', 'vault'], { action: 'list', owners: ['vault'] }],
    ['--service before the command', ['--service', 'intake', 'list'], { action: 'list', owners: ['intake'] }],
    ['show one', ['show', 'vault.dead-letter.v1/0@12'], { action: 'show', owners: DEAD_LETTER_OWNERS, id: 'vault.dead-letter.v1/0@12' }],
    ['replay one', ['replay', 'vault.dead-letter.v1/0@12'], { action: 'replay', owners: DEAD_LETTER_OWNERS, id: 'vault.dead-letter.v1/0@12' }],
    ['replay all of one service', ['replay', '--all', '--service', 'vault'], { action: 'replay-all', owners: ['vault'] }],
  ];
  it.each(accepted)('accepts %s', (_name, argv, expected) => {
    expect(parseDeadLetterCommand(argv)).toEqual(expected);
  });

  const refused: [string, string[], RegExp][] = [
    ['no command', [], /no command/],
    ['an unknown command', ['purge'], /unknown command purge/],
    ['show without an id', ['show'], /show needs the id/],
    ['replay without an id', ['replay'], /replay needs the id/],
    ['an unknown service', ['list', '--service', 'bank'], /--service needs one of/],
    ['--service without a value', ['list', '--service'], /--service needs one of/],
    ['extra arguments', ['show', 'a', 'b'], /unexpected arguments: b/],
    ['list with an argument', ['list', 'x'], /list takes no argument/],
  ];
  it.each(refused)('refuses %s', (_name, argv, message) => {
    expect(() => parseDeadLetterCommand(argv)).toThrow(message);
  });
});
