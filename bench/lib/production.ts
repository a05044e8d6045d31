import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './child-process.ts';

/*
 * The runtime the benchmarks measure is the one production runs: `npm start` builds
 * src/, handlers/ and jobs/ to dist/ (tsconfig.build.json) and runs `node <flags>
 * dist/src/main.js`. The node flags are read from package.json's start script, so the
 * benchmarks cannot drift from what `npm start` does.
 */

const MAIN = 'dist/src/main.js';

/** The node flags of package.json's `start` script (e.g. `--max-semi-space-size=4`). */
export function productionNodeFlags(): string[] {
  const scripts = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  const match = /\bnode((?:\s+--[\w-]+(?:=\S+)?)*)\s+dist\/src\/main\.js/.exec(scripts['start'] ?? '');
  if (!match) throw new Error(`package.json's start script does not run node … ${MAIN}: ${scripts['start']}`);
  return match[1]!.trim().split(/\s+/).filter(Boolean);
}

let built = false;

/** `npm run build`, once per benchmark process; returns the arguments after `node` that run `mode`. */
export function productionArgs(mode: 'start' | 'receiver' | 'worker'): string[] {
  if (!built) {
    execFileSync(process.execPath, [join(REPO_ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(REPO_ROOT, 'tsconfig.build.json')], { cwd: REPO_ROOT, stdio: 'inherit' });
    built = true;
  }
  return [...productionNodeFlags(), join(REPO_ROOT, MAIN), mode];
}

/**
 * bench/bare-bolt.ts compiled to plain JavaScript in a temp folder (with the repo's
 * node_modules linked beside it), so the bare app runs on the same runtime as the bot.
 * Returns the arguments after `node` that run it, and a cleanup.
 */
export function bareBoltArgs(): { args: string[]; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'chatops-bare-'));
  execFileSync(process.execPath, [join(REPO_ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(REPO_ROOT, 'bench/tsconfig.bare-bolt.json'), '--outDir', dir], { cwd: REPO_ROOT, stdio: 'inherit' });
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(dir, 'node_modules'));
  return { args: [...productionNodeFlags(), join(dir, 'bare-bolt.js')], cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
