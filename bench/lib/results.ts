import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';

/** Where every benchmark writes its figures; each run replaces its own section. */
export const RESULTS_FILE = new URL('../results/latest.json', import.meta.url);

/** Merges one benchmark's figures into bench/results/latest.json (keeps the others' sections). */
export function writeSection(name: string, figures: unknown): void {
  let current: Record<string, unknown> = {};
  try {
    current = JSON.parse(readFileSync(RESULTS_FILE, 'utf8')) as Record<string, unknown>;
  } catch {
    // No file yet, or a broken one: start over.
  }
  const next = {
    ...current,
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version },
    [name]: { measuredAt: new Date().toISOString(), ...(figures as object) },
  };
  mkdirSync(new URL('.', RESULTS_FILE), { recursive: true });
  writeFileSync(RESULTS_FILE, `${JSON.stringify(next, null, 2)}\n`);
}
