import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { waitFor } from './wait-for.ts';
import type { World } from './world.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Starts `src/main.ts worker` as a process of its own, configured like production through
 * the environment alone (the AWS SDK's standard endpoint variables point at the world's
 * emulator), and resolves once it says it started.
 * @param configPath the team config file @defaultValue test/fixtures/team.yml
 */
export async function startWorkerProcess(world: World, configPath = 'test/fixtures/team.yml'): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'worker'], {
    cwd: ROOT,
    env: {
      ...process.env,
      ...world.env,
      LOG_LEVEL: 'info',
      CHATOPS_CONFIG: configPath,
      AWS_ENDPOINT_URL_SAGEMAKER: world.emulator.url,
      AWS_ENDPOINT_URL_CLOUDWATCH: world.emulator.url,
      AWS_ENDPOINT_URL_BUDGETS: world.emulator.url,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await waitFor(() => output.includes('sagemaker-chatops started'), { timeoutMs: 30_000, message: `worker start; output so far: ${output.slice(-500)}` });
  return child;
}
