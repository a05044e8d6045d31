import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * One pino logger for the process. Secrets never reach a log line: the paths below are
 * redacted wherever they appear in a logged object.
 */
export function createLogger(options: { level?: string; name?: string; destination?: pino.DestinationStream } = {}): Logger {
  return pino(
    {
      name: options.name ?? 'sagemaker-chatops',
      level: options.level ?? process.env['LOG_LEVEL'] ?? 'info',
      redact: {
        paths: [
          'token',
          '*.token',
          'signingSecret',
          '*.signingSecret',
          'botToken',
          '*.botToken',
          'appToken',
          '*.appToken',
          'headers.authorization',
          '*.headers.authorization',
          'headers["x-slack-signature"]',
          'response_url',
          '*.response_url',
          'responseUrl',
          '*.responseUrl',
          'credentials',
          '*.credentials',
        ],
        censor: '[redacted]',
      },
    },
    options.destination,
  );
}
