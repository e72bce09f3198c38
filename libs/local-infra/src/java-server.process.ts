import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';

/** Where a locally run Java server (the Kafka broker, Zipkin) keeps its working files. */
export interface JavaServerFiles {
  readonly dir: string;
  readonly log: string;
  readonly pidFile: string;
}

/**
 * Starts `java <args>` detached from Node's lifetime and records its pid, so a later run (or
 * the exit hook) can find and stop it.
 */
export async function spawnJavaServer(files: JavaServerFiles, args: string[]): Promise<ChildProcess> {
  // Keep the previous run's log for post-mortems, but do not let it grow without bound.
  if (existsSync(files.log)) await rename(files.log, `${files.log}.1`);
  // A file descriptor rather than a pipe: the server must not depend on Node reading its
  // output, nor die of SIGPIPE when Node exits first.
  const out = openSync(files.log, 'a');
  try {
    const child = spawn('java', args, { cwd: files.dir, stdio: ['ignore', out, out] });
    await new Promise<void>((resolveSpawn, rejectSpawn) => {
      child.once('spawn', resolveSpawn);
      child.once('error', rejectSpawn);
    });
    // A forgotten stop() must not keep Node alive; the exit hook then ends the server.
    child.unref();
    await writeFile(files.pidFile, `${child.pid}\n`);
    return child;
  } finally {
    closeSync(out);
  }
}
