import { startBot } from './bot.ts';
import { loadConfig } from './config.ts';
import { buildContext } from './context.ts';
import { ConfigError } from './errors.ts';
import { createLogger } from './logger.ts';

/*
 * Entry point. `npm start` runs the production bot (receiver + workers) when SLACK_BOT_TOKEN
 * is set and the sandbox when it is not; `worker` and `receiver` run one half, for scaling
 * them apart; `sandbox` always runs the offline world.
 */
const MODES = ['start', 'worker', 'receiver', 'sandbox'] as const;
type Mode = (typeof MODES)[number];

async function main(argv: string[], env: NodeJS.ProcessEnv): Promise<void> {
  const mode = (argv[0] ?? 'start') as Mode;
  if (!MODES.includes(mode)) {
    console.error(`usage: main.ts [${MODES.join('|')}]`);
    process.exit(2);
  }
  if (mode === 'sandbox' || (mode === 'start' && !env['SLACK_BOT_TOKEN'])) {
    // Loaded only here: production never holds the offline world in memory.
    const { runSandbox } = await import('./sandbox/run-sandbox.ts');
    await runSandbox({ env, input: process.stdin, output: process.stdout });
    return;
  }
  let config;
  try {
    config = loadConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`Cannot start: the configuration is invalid.\n  ${error.issues.join('\n  ')}`);
    process.exit(1);
  }
  const logger = createLogger({ level: config.env.LOG_LEVEL });
  const ctx = buildContext(config, { logger });
  const bot = await startBot(ctx, { receiver: mode !== 'worker', workers: mode !== 'receiver' });
  logger.info({ mode }, 'sagemaker-chatops started');
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing active jobs');
    bot
      .stop()
      .then(() => ctx.close())
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        logger.error({ err: error }, 'unclean shutdown');
        process.exit(1);
      });
  };
  // Nothing crashes the process: a stray rejection is logged and the bot keeps serving.
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled rejection'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main(process.argv.slice(2), process.env).catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
