import { deadLetterTopic } from '@app/contracts';
import {
  createKafka,
  DEAD_LETTER_USAGE,
  parseDeadLetterCommand,
  readDeadLetters,
  replayDeadLetters,
  type DeadLetter,
  type DeadLetterCommand,
} from '@app/messaging';
import { KafkaEnvironment, kafkaSettings, loadConfig } from '@app/platform';

/**
 * The operator's dead-letter tool: `npm run dead-letters -- list | show <id> | replay <id> |
 * replay --all [--service <owner>]`. It reads `<owner>.dead-letter.v1` with the same Kafka
 * variables as the services; a replay puts the original record back on its original topic,
 * where the consumers' inboxes apply it once (a second replay changes nothing).
 */
async function main(): Promise<void> {
  let command: DeadLetterCommand;
  try {
    command = parseDeadLetterCommand(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${describe(error)}\n${DEAD_LETTER_USAGE}\n`);
    process.exit(2);
  }
  const kafka = createKafka(kafkaSettings(loadConfig(KafkaEnvironment, process.env), 'dead-letters-cli'));
  const letters = await readDeadLetters(kafka, command.owners.map(deadLetterTopic));
  switch (command.action) {
    case 'list':
      print(letters.length === 0 ? 'no dead letters' : letters.map(summary).join('\n'));
      return;
    case 'show':
      print(JSON.stringify(find(letters, command.id), null, 2));
      return;
    case 'replay': {
      const letter = find(letters, command.id);
      await replayDeadLetters(kafka, [letter]);
      print(`replayed ${letter.id} (${letter.eventType ?? 'no type'} ${letter.eventId ?? ''}) to ${letter.originalTopic ?? '?'}`);
      return;
    }
    case 'replay-all': {
      const replayable = letters.filter((letter) => letter.originalTopic !== null);
      await replayDeadLetters(kafka, replayable);
      print(`replayed ${replayable.length} dead letter(s)${replayable.length < letters.length ? `; ${letters.length - replayable.length} without an original topic skipped` : ''}`);
      return;
    }
    default: {
      const unexpected: never = command;
      throw new Error(`unexpected command ${JSON.stringify(unexpected)}`);
    }
  }
}

function find(letters: readonly DeadLetter[], id: string): DeadLetter {
  const letter = letters.find((candidate) => candidate.id === id);
  if (!letter) throw new Error(`no dead letter ${id} (ids look like vault.dead-letter.v1/0@12; see list)`);
  return letter;
}

function summary(letter: DeadLetter): string {
  const ageSeconds = Math.max(0, Math.round((Date.now() - letter.deadLetteredAt.getTime()) / 1_000));
  return [letter.id, letter.reason, letter.eventType ?? '-', `age ${formatAge(ageSeconds)}`, letter.error.replace(/\s+/g, ' ').slice(0, 160)].join('  ');
}

function formatAge(seconds: number): string {
  if (seconds < 120) return `${seconds}s`;
  if (seconds < 7_200) return `${Math.round(seconds / 60)}m`;
  if (seconds < 172_800) return `${Math.round(seconds / 3_600)}h`;
  return `${Math.round(seconds / 86_400)}d`;
}

function print(text: string): void {
  process.stdout.write(`${text}\n`);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

main().catch((error: unknown) => {
  process.stderr.write(`dead-letters failed: ${describe(error)}\n`);
  process.exit(1);
});
