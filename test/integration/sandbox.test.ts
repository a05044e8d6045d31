import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { runSandbox } from '../../src/sandbox/run-sandbox.ts';
import { pngSize } from '../../src/sandbox/repl/uploaded-file.ts';

/** Collects everything the sandbox prints. */
class Screen extends Writable {
  text = '';
  /** Set once the sandbox has returned, so waits stop early. */
  ended = false;
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
  /** What was printed after `from` (an offset into text). */
  since(from: number): string {
    return this.text.slice(from);
  }
}

const logDir = mkdtempSync(join(tmpdir(), 'sandbox-test-'));
afterAll(() => rmSync(logDir, { recursive: true, force: true }));

/** Polls the screen until `pattern` appears after `from`; fails with what was printed. */
async function waitFor(screen: Screen, pattern: RegExp | string, from = 0, timeoutMs = 20_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = screen.since(from);
    const index = typeof pattern === 'string' ? text.indexOf(pattern) : text.search(pattern);
    if (index >= 0) return from + index;
    if (screen.ended || Date.now() > deadline) throw new Error(`timed out waiting for ${String(pattern)}; the screen after offset ${from} shows:\n${text.slice(-4_000)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Moves the simulated clock 5 minutes at a time until `pattern` is printed: the bot's
 * deploy job may make its call just before or just after a move, so one move is not enough.
 */
async function advanceUntil(screen: Screen, type: (line: string) => number, pattern: RegExp, moves = 6): Promise<void> {
  const from = screen.text.length;
  for (let i = 0; i < moves; i += 1) {
    type('clock +5m');
    try {
      await waitFor(screen, pattern, from, 3_000);
      return;
    } catch {
      // Not yet: move again.
    }
  }
  await waitFor(screen, pattern, from, 5_000);
}

/** Starts the sandbox on a shared Redis with a frozen clock, so only `clock +…` moves jobs. */
function startSandbox() {
  const input = new PassThrough();
  const screen = new Screen();
  const exited = runSandbox({
    env: {
      REDIS_URL: 'redis://127.0.0.1:6379',
      SANDBOX_SPEED: '0',
      SANDBOX_LOG: join(logDir, `${Date.now()}-${Math.random()}.log`),
      SANDBOX_CHARTS: join(logDir, `charts-${Date.now()}-${Math.random()}`),
      LOG_LEVEL: 'warn',
      PATH: process.env['PATH'],
    },
    input,
    output: screen,
    color: false,
  }).finally(() => {
    screen.ended = true;
  });
  const type = (line: string) => {
    const from = screen.text.length;
    input.write(`${line}\n`);
    return from;
  };
  return { input, screen, exited, type };
}

describe('the sandbox', () => {
  describe('with a Redis to use', () => {
    it('answers help, runs a training job to Completed as the clock moves, and refuses a viewer', async () => {
      const { screen, exited, type } = startSandbox();
      await waitFor(screen, 'You are Bob');

      let from = type('/sm help');
      await waitFor(screen, 'only visible to Bob', from);
      await waitFor(screen, '/sm train <recipe>', from);

      from = type('/sm train churn-xgb max_depth=8');
      await waitFor(screen, 'Queued training with recipe `churn-xgb` with `max_depth=8`', from);
      const posted = await waitFor(screen, '#ml-ops · new message', from);
      await waitFor(screen, /churn-xgb-[a-z0-9]+\n\s*═+/, posted);
      await waitFor(screen, 'Requested by: @Bob', posted);

      from = type('clock +30m');
      await waitFor(screen, 'Moved the simulated clock forward 30m', from);
      await waitFor(screen, /#ml-ops · updated “churn-xgb-[^”]+”[\s\S]*Completed/, from);

      from = type('as U0VIEW');
      await waitFor(screen, 'You are now Victor (viewer)', from);
      from = type('/sm train churn-xgb');
      await waitFor(screen, 'only visible to Victor', from);
      await waitFor(screen, 'You need the operator role', from);

      type('quit');
      await expect(exited).resolves.toBe(0);
      expect(screen.text).toContain('Stopped.');
      if (process.env['SHOW_SANDBOX']) console.log(screen.text);
    }, 90_000);

    it('presses the Stop button on a running job’s message, after its confirmation', async () => {
      const { screen, exited, type } = startSandbox();
      await waitFor(screen, 'You are Bob');
      let from = type('/sm train churn-xgb');
      await waitFor(screen, '[1 Stop training]', from);

      from = type('press 1');
      await waitFor(screen, 'Stop this training job?', from);
      from = type('y');
      await waitFor(screen, 'SageMaker is stopping', from);

      from = type('clock +1m');
      await waitFor(screen, /#ml-ops · updated “churn-xgb-[^”]+”[\s\S]*Stopped/, from);
      from = type('press 1');
      await waitFor(screen, 'Button 1 (Stop training) is no longer shown', from);

      type('quit');
      await expect(exited).resolves.toBe(0);
    }, 60_000);

    describe('the approval gate', () => {
      it('deploys to prod once Alice approves and confirms Bob’s request, after refusing Bob’s own approval', async () => {
        const { screen, exited, type } = startSandbox();
        await waitFor(screen, 'The model registry holds churn v1–v4');

        let from = type('/sm deploy churn to prod');
        const request = await waitFor(screen, '#ml-approvals · new message', from);
        await waitFor(screen, 'Deploy churn v4 to prod?', request);
        await waitFor(screen, '[1 Approve]  [2 Reject]', request);

        // Bob asked, so his click is refused, in a reply only he sees; no modal opens for him.
        from = type('press 1');
        await waitFor(screen, /#ml-approvals · only visible to Bob\n\s*⛔ You asked for this deploy/, from);
        from = type('submit');
        await waitFor(screen, 'No modal is open for Bob.', from);

        from = type('as alice');
        await waitFor(screen, 'You are now Alice (approver)', from);
        from = type('press 1');
        const modal = await waitFor(screen, '▣ modal · open for Alice', from);
        await waitFor(screen, '┃ Approve deploy', modal);
        await waitFor(screen, '[submit: Approve and deploy]  [cancel: Cancel]', modal);

        from = type('submit');
        await waitFor(screen, 'Alice submitted “Approve deploy”; the modal closed.', from);
        await waitFor(screen, /#ml-approvals · updated “Deploy churn v4 to prod: approved”[\s\S]*Approved by @Alice/, from);
        await waitFor(screen, 'Model registry: v4 marked Approved', from);

        // Endpoints take 4 simulated minutes to create; the deploy may start just before or after a move.
        await advanceUntil(screen, type, /InService: `churn-prod` now serves v4/);

        type('quit');
        await expect(exited).resolves.toBe(0);
        if (process.env['SHOW_SANDBOX']) console.log(screen.text);
      }, 90_000);

      it('rejects with a reason typed into the modal, after showing the bot’s refusal of a blank one', async () => {
        const { screen, exited, type } = startSandbox();
        await waitFor(screen, 'You are Bob');
        let from = type('/sm deploy churn@3 to prod');
        await waitFor(screen, '[1 Approve]  [2 Reject]', from);

        type('as alice');
        from = type('press 2');
        const modal = await waitFor(screen, '▣ modal · open for Alice', from);
        await waitFor(screen, 'Why reject it? (required, up to 500 characters)', modal);

        // Spaces pass Slack's client; the bot answers response_action: errors and the modal stays open.
        from = type('submit');
        await waitFor(screen, 'Why reject it? — type it on the next line', from);
        from = type('   ');
        await waitFor(screen, 'The bot did not accept “Reject deploy”; it stays open:\n  Why reject it?: Say why', from);

        from = type('submit AUC on <holdout> is worse than v2');
        await waitFor(screen, 'Alice submitted “Reject deploy”; the modal closed.', from);
        await waitFor(screen, /#ml-approvals · updated “Deploy churn v3 to prod: rejected”[\s\S]*Rejected by @Alice[\s\S]*│ AUC on <holdout> is worse than v2/, from);
        await waitFor(screen, 'Model registry: v3 marked Rejected', from);

        from = type('press 1');
        await waitFor(screen, 'Button 1 (Approve) is no longer shown', from);
        type('quit');
        await expect(exited).resolves.toBe(0);
      }, 60_000);

      it('lists the seeded versions, deploys to staging at once, and shows a prod update rolled back by its alarm', async () => {
        const { screen, exited, type } = startSandbox();
        await waitFor(screen, 'You are Bob');
        let from = type('/sm models churn');
        await waitFor(screen, /v4 .*PendingManualApproval.*churn-xgb-20260126-0948.*validation:auc 0\.864/, from);

        from = type('/sm deploy churn@2 to staging');
        await waitFor(screen, /#ml-ops · new message\n.*Deploying `churn` v2 to `churn-staging`/, from);
        await advanceUntil(screen, type, /InService: `churn-staging` now serves v2/);

        from = type('/sm deploy churn@1 to prod');
        await waitFor(screen, '[1 Approve]  [2 Reject]', from);
        type('as alice');
        type('press 1');
        from = type('submit');
        await waitFor(screen, 'the modal closed', from);
        await advanceUntil(screen, type, /InService: `churn-prod` now serves v1/);

        from = type('rollback next update churn-prod');
        await waitFor(screen, 'The next update of churn-prod will roll back', from);
        type('as bob');
        from = type('/sm deploy churn@2 to prod');
        await waitFor(screen, '[3 Approve]  [4 Reject]', from);
        type('as alice');
        type('press 3');
        from = type('submit');
        await waitFor(screen, 'the modal closed', from);
        await advanceUntil(screen, type, /churn-prod-5xx went into ALARM/, 12);
        if (process.env['SHOW_SANDBOX']) console.log(screen.text);

        type('quit');
        await expect(exited).resolves.toBe(0);
      }, 90_000);
    });

    describe('alert scenarios', () => {
      // The watchers tick on real time (health every 5 s, two breaches in a row; cost every
      // 10 s), so each wait below allows a few ticks; the simulated clock only moves when told.
      const TICKS_MS = 30_000;

      it('opens a latency alert in #ml-alerts with its chart in the thread, and resolves it once the scenario is cleared', async () => {
        const { screen, exited, type } = startSandbox();
        await waitFor(screen, 'The watchers watch fraud-linear-prod');

        let from = type('scenario latency');
        await waitFor(screen, "fraud-linear-prod's p99 model latency is 1,500 ms (the threshold is 500 ms)", from);
        from = type('clock +5m');
        const alert = await waitFor(screen, /#ml-alerts · new message\n\s*🚨 Slow p99 latency on fraud-linear-prod/, from, TICKS_MS);
        await waitFor(screen, 'p99 model latency 1,500 ms over the last 5m; threshold 500 ms', alert);
        await waitFor(screen, '[1 Acknowledge]  [2 Snooze 1h]', alert);
        const chartAt = await waitFor(screen, /↳ #ml-alerts · in thread “:rotating_light: Slow p99 latency on fraud-linear-prod”\n\s*\[chart: fraud-linear-prod: p99 model latency, last 6 h \(PNG 800×400\), saved to \S+\.png\]/, alert, TICKS_MS);
        const saved = /saved to (\S+\.png)\]/.exec(screen.since(chartAt))?.[1];
        expect(saved && pngSize(readFileSync(saved))).toEqual({ width: 800, height: 400 });

        from = type('scenario clear');
        await waitFor(screen, 'Ended 1 scenario: scenario-1 (fraud-linear-prod: p99 model latency 1,500 ms)', from);
        from = type('clock +5m');
        await waitFor(screen, /#ml-alerts · updated “:white_check_mark: Resolved: Slow p99 latency on fraud-linear-prod”/, from, TICKS_MS);
        await waitFor(screen, /in thread “[^”]*Slow p99 latency on fraud-linear-prod”\n\s*✅ Resolved [^\n]*: p99 latency back to \d+ ms\./, from, TICKS_MS);
        if (process.env['SHOW_SANDBOX']) console.log(screen.text);

        type('quit');
        await expect(exited).resolves.toBe(0);
        expect(screen.text).toContain('The charts it uploaded are in');
      }, 90_000);

      it('warns in #ml-alerts when the budget’s spend jumps to 80%', async () => {
        const { screen, exited, type } = startSandbox();
        await waitFor(screen, 'The watchers watch fraud-linear-prod and the budget ml-monthly');

        const from = type('scenario spend 80');
        await waitFor(screen, "ml-monthly's actual spend jumps to 80% of its $5,000.00 limit", from);
        const alert = await waitFor(screen, /#ml-alerts · new message\n\s*⚠️ Budget ml-monthly passed 80%/, from, TICKS_MS);
        await waitFor(screen, /Actual \$4,000\.00 \(80%\)/, alert);
        await waitFor(screen, /\[chart: Budget ml-monthly: spend against the limit \(PNG 800×400\), saved to \S+\.png\]/, from, TICKS_MS);

        type('quit');
        await expect(exited).resolves.toBe(0);
      }, 60_000);

      it('says which endpoints it can act on when the one named is not InService', async () => {
        const { screen, exited, type } = startSandbox();
        await waitFor(screen, 'You are Bob');
        const from = type('scenario errors no-such-endpoint');
        await waitFor(screen, 'no-such-endpoint is not an InService endpoint, so the health watcher does not watch it. InService endpoints: fraud-linear-prod.', from);
        type('quit');
        await expect(exited).resolves.toBe(0);
      });
    });

    it('ends when its input ends', async () => {
      const { screen, exited, input } = startSandbox();
      await waitFor(screen, 'You are Bob');
      input.end();
      await expect(exited).resolves.toBe(0);
    });
  });

  describe('without REDIS_URL and without redis-server on the PATH', () => {
    it('says how to get Redis and exits non-zero', async () => {
      const screen = new Screen();
      const code = await runSandbox({ env: { PATH: join(logDir, 'no-such-dir') }, input: new PassThrough(), output: screen, color: false });
      expect(code).toBe(1);
      expect(screen.text).toContain('The sandbox needs Redis');
      expect(screen.text).toContain('apt-get install redis-server');
      expect(screen.text).toContain('REDIS_URL=redis://127.0.0.1:6379 npm run sandbox');
    });
  });

  describe('without REDIS_URL but with redis-server on the PATH', () => {
    it('starts a private Redis and stops it on quit', async () => {
      const input = new PassThrough();
      const screen = new Screen();
      const exited = runSandbox({ env: { PATH: process.env['PATH'], SANDBOX_SPEED: '0', SANDBOX_LOG: join(logDir, 'private.log'), LOG_LEVEL: 'warn' }, input, output: screen, color: false }).finally(() => {
        screen.ended = true;
      });
      await waitFor(screen, 'You are Bob');
      const url = /redis:\/\/127\.0\.0\.1:(\d+) \(private redis-server/.exec(screen.text);
      expect(url).not.toBeNull();
      const from = screen.text.length;
      input.write('/sm help\n');
      await waitFor(screen, '/sm train <recipe>', from);
      input.write('quit\n');
      await expect(exited).resolves.toBe(0);
    }, 60_000);
  });
});
