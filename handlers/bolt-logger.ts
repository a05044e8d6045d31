import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../src/logger.ts';

/** Bolt's Logger interface over our pino logger, so there is one log stream. */
export function boltLogger(logger: Logger): BoltLogger {
  const child = logger.child({ component: 'bolt' });
  // Bolt logs several debug lines per request; skip building them unless they are wanted.
  const debugEnabled = child.isLevelEnabled('debug');
  return {
    debug: (...msg) => {
      if (debugEnabled) child.debug(msg.map(String).join(' '));
    },
    info: (...msg) => child.info(msg.map(String).join(' ')),
    warn: (...msg) => child.warn(msg.map(String).join(' ')),
    error: (...msg) => child.error(msg.map(String).join(' ')),
    setLevel: () => undefined,
    getLevel: () => LogLevel.INFO,
    setName: () => undefined,
  };
}
