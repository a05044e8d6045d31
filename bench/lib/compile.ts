import { execFileSync } from 'node:child_process';
import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './child-process.ts';

/**
 * Compiles src/, handlers/ and jobs/ to plain JavaScript in a temp folder
 * (bench/tsconfig.compile.json: rewriteRelativeImportExtensions turns `./x.ts` into
 * `./x.js`), with the repo's node_modules linked beside it. Returns the folder; run
 * `node <dir>/src/main.js start`.
 */
export function compileToTemp(): string {
  const dir = mkdtempSync(join(tmpdir(), 'chatops-js-'));
  try {
    execFileSync(process.execPath, [join(REPO_ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(REPO_ROOT, 'bench/tsconfig.compile.json'), '--outDir', dir], { cwd: REPO_ROOT, stdio: 'pipe' });
  } catch (error) {
    // tsc still emits when other files have type errors; only a missing main.js is fatal.
    const out = (error as { stdout?: Buffer }).stdout?.toString() ?? '';
    process.stdout.write(`compile: tsc reported errors (emitted anyway):\n${out.split('\n').slice(0, 5).join('\n')}\n`);
  }
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}
