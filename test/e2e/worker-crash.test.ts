import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/wait-for.ts';
import { startWorkerProcess } from '../helpers/worker-process.ts';
import { startWorld, type World } from '../helpers/world.ts';

const MINUTE = 60_000;


// These tests start worker processes and wait for lock expiry on two shared cores: one
// retry absorbs a slow process start; a real failure fails both attempts.
describe('a worker killed right after CreateTrainingJob reached SageMaker', { retry: 1 }, () => {
  let world: World;
  const children: ChildProcess[] = [];
  beforeEach(async () => {
    // The receiver runs here; the workers run as separate processes that can be killed.
    world = await startWorld({ workers: false });
  });
  afterEach(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await world.close();
  });

  it('is finished by another worker: one training job, one final message', async () => {
    const first = await startWorkerProcess(world);
    children.push(first);
    world.emulator.events.on('call', (call: { operation: string }) => {
      if (call.operation === 'CreateTrainingJob' && first.exitCode === null && first.signalCode === null) first.kill('SIGKILL');
    });
    const exited = once(first, 'exit');
    await world.command('U0BOB', 'train churn-xgb max_depth=7');
    const [, signal] = (await exited) as [number | null, string | null];
    expect(signal).toBe('SIGKILL');
    await waitFor(() => world.emulator.sagemaker.trainingJobs.length === 1, { message: 'the first worker’s create was applied' });
    expect(world.slack.messages('C0OPS')).toHaveLength(0);

    const second = await startWorkerProcess(world);
    children.push(second);
    // The second worker takes the stalled job over once its lock expires, adopts the
    // training job the first one created, and posts the job's message.
    const parent = await waitFor(() => world.slack.messages('C0OPS')[0], { timeoutMs: 20_000, message: 'ops message from the second worker' });
    for (let i = 0; i < 5; i += 1) world.emulator.clock.advance(3 * MINUTE);
    await waitFor(() => world.slack.thread('C0OPS', parent.ts).some((m) => m.text.includes('Completed')), { timeoutMs: 20_000, message: 'Completed line' });

    const creates = world.emulator.callsOf('CreateTrainingJob');
    expect(creates).toHaveLength(2);
    expect(creates[1]?.error).toBe('ResourceInUse');
    expect(world.emulator.sagemaker.trainingJobs).toHaveLength(1);
    expect(world.slack.messages('C0OPS')).toHaveLength(1);
    const completedLines = world.slack.thread('C0OPS', parent.ts).filter((m) => m.text.includes('Completed'));
    expect(completedLines).toHaveLength(1);
    second.kill('SIGTERM');
    await once(second, 'exit');
  }, 90_000);
});
