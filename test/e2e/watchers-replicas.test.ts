import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedEndpoints } from '../../src/sandbox/aws-emulator/index.ts';
import { waitFor } from '../helpers/wait-for.ts';
import { startWorkerProcess } from '../helpers/worker-process.ts';
import { startWorld, type World } from '../helpers/world.ts';
import { teamYamlWith } from './watchers-helpers.ts';

const INTERVAL_MS = 1_000;
const WATCHERS = `
  health: { every: ${INTERVAL_MS}ms, window: 5m, consecutiveBreaches: 3 }
`;


// These tests start worker processes and wait for lock expiry on two shared cores: one
// retry absorbs a slow process start; a real failure fails both attempts.
describe('the health watcher on three worker processes', { retry: 1 }, () => {
  let world: World;
  let dir: string;
  const children: ChildProcess[] = [];
  beforeEach(async () => {
    world = await startWorld({ workers: false, receiver: false, teamYaml: teamYamlWith(WATCHERS) });
    dir = mkdtempSync(join(tmpdir(), 'watchers-replicas-'));
  });
  afterEach(async () => {
    for (const child of children.splice(0)) {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await Promise.race([once(child, 'exit'), sleep(10_000)]);
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      }
    }
    await world.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('ticks once per interval, not once per process', async () => {
    const configPath = join(dir, 'team.yml');
    writeFileSync(configPath, teamYamlWith(WATCHERS));
    seedEndpoints(world.emulator, 5);
    // Real time: the scheduler's interval is wall-clock time. One ListEndpoints page per tick.
    const pages: number[] = [];
    world.emulator.events.on('call', (call) => {
      if (call.operation === 'ListEndpoints') pages.push(Date.now());
    });
    children.push(...(await Promise.all([0, 1, 2].map(() => startWorkerProcess(world, configPath)))));
    await waitFor(() => pages.length >= 2, { timeoutMs: 20_000, message: 'the first health ticks' });

    const from = Date.now();
    await sleep(6 * INTERVAL_MS);
    const to = Date.now();
    const ticks = pages.filter((at) => at >= from && at < to).length;
    const intervals = (to - from) / INTERVAL_MS;
    // About one tick per interval (a tick may straddle either edge), far from three.
    expect(ticks).toBeGreaterThanOrEqual(Math.floor(intervals) - 2);
    expect(ticks).toBeLessThanOrEqual(Math.ceil(intervals) + 1);
    // Each tick read the 5 endpoints' metrics in one batch (15 health + 5 idle queries), not per process.
    const batches = world.emulator.callsOf('GetMetricData').length;
    expect(batches).toBeLessThanOrEqual(2 * pages.length);
  }, 90_000);
});
