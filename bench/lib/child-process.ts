import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface ServerProcess {
  pid: number;
  url: string;
  /** File holding the process's stdout and stderr (pino JSON lines for the bot). */
  logFile: string;
  /** Resident set size now, in MB, from /proc/<pid>/status VmRSS. */
  rssMb(): number;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves with the exit code (null when killed). */
  stop(graceMs?: number): Promise<number | null>;
  /** Deletes the log file's folder, unless BENCH_KEEP_LOGS is set (then its path is printed). */
  discardLogs(): void;
}

/** A free TCP port on 127.0.0.1: the sandbox's own helper. */
export { freePort } from '../../src/sandbox/redis-server.ts';

export function rssMbOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1] ?? Number.NaN);
  return kb / 1024;
}

export interface SpawnServerOptions {
  /** Arguments after `node` (e.g. `['--import', 'tsx', 'src/main.ts', 'receiver']`). */
  args: string[];
  env: Record<string, string>;
  port: number;
  /** A GET path that answers 2xx once the server is ready; without it, any HTTP answer counts. */
  readyPath?: string;
  /** @defaultValue 60000 */
  readyTimeoutMs?: number;
  /** Short name for the log file. */
  name: string;
}

/** Starts a Node server as a child process (never through npx: the pid must be node's own). */
export async function spawnServer(options: SpawnServerOptions): Promise<ServerProcess> {
  const logDir = mkdtempSync(join(tmpdir(), 'chatops-bench-'));
  const logFile = join(logDir, `${options.name}.log`);
  const log = createWriteStream(logFile);
  const child: ChildProcess = spawn(process.execPath, options.args, { cwd: REPO_ROOT, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  let exited: number | null | undefined;
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve((exited = code))));
  const url = `http://127.0.0.1:${options.port}`;
  const deadline = Date.now() + (options.readyTimeoutMs ?? 60_000);
  for (;;) {
    if (exited !== undefined) throw new Error(`${options.name} exited with ${exited} before it was ready; see ${logFile}:\n${tail(logFile)}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${options.name} was not ready within ${options.readyTimeoutMs ?? 60_000} ms; see ${logFile}:\n${tail(logFile)}`);
    }
    try {
      const res = await fetch(`${url}${options.readyPath ?? '/'}`, { signal: AbortSignal.timeout(1_000) });
      await res.body?.cancel();
      if (!options.readyPath || res.ok) break;
    } catch {
      // Not listening yet.
    }
    await sleep(100);
  }
  const pid = child.pid ?? 0;
  return {
    pid,
    url,
    logFile,
    rssMb: () => rssMbOf(pid),
    async stop(graceMs = 15_000) {
      if (exited !== undefined) return exited;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const code = await exit;
      clearTimeout(timer);
      await new Promise<void>((resolve) => log.end(() => resolve()));
      return code;
    },
    discardLogs() {
      if (process.env['BENCH_KEEP_LOGS']) process.stdout.write(`${options.name} log kept: ${logFile}\n`);
      else rmSync(logDir, { recursive: true, force: true });
    },
  };
}

function tail(file: string, lines = 20): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

export interface LogSummary {
  lines: number;
  warn: number;
  error: number;
  /** Distinct warn/error messages with how often each occurred, most frequent first. */
  messages: { level: string; msg: string; count: number }[];
}

/** Counts the warn and error lines of a pino JSON log (levels 40 and 50+). */
export function summarizeLog(file: string): LogSummary {
  const counts = new Map<string, { level: string; msg: string; count: number }>();
  let lines = 0;
  let warn = 0;
  let error = 0;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line) continue;
    lines += 1;
    let entry: { level?: number; msg?: string; err?: { message?: string } };
    try {
      entry = JSON.parse(line) as typeof entry;
    } catch {
      const key = `raw:${line.slice(0, 120)}`;
      const seen = counts.get(key) ?? { level: 'stderr', msg: line.slice(0, 200), count: 0 };
      seen.count += 1;
      counts.set(key, seen);
      continue;
    }
    const level = entry.level ?? 30;
    if (level < 40) continue;
    if (level >= 50) error += 1;
    else warn += 1;
    const msg = `${entry.msg ?? ''}${entry.err?.message ? ` — ${entry.err.message.slice(0, 160)}` : ''}`;
    const name = level >= 50 ? 'error' : 'warn';
    const key = `${name}:${msg}`;
    const seen = counts.get(key) ?? { level: name, msg, count: 0 };
    seen.count += 1;
    counts.set(key, seen);
  }
  return { lines, warn, error, messages: [...counts.values()].sort((a, b) => b.count - a.count).slice(0, 8) };
}

/** CPU time (user + system) the process has used so far, in ms, from /proc/<pid>/stat. */
export function cpuMsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces) start after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
}

/** USER_HZ on Linux is 100 on every architecture Node supports. */
const CLOCK_TICKS_PER_SECOND = 100;
