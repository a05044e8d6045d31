import { App, HTTPReceiver, LogLevel } from '@slack/bolt';

/*
 * The baseline for bench/ack-path.ts: a bare Bolt app on the same HTTPReceiver settings
 * and signing secret as the bot, whose /sm listener only acks. Run as a child process
 * (compiled, under the same node flags: see lib/production.ts) so it pays the same runtime
 * costs as the bot.
 */

const port = Number(process.env['PORT'] ?? 3100);
const receiver = new HTTPReceiver({
  signingSecret: process.env['SLACK_SIGNING_SECRET'] ?? '',
  endpoints: '/slack/events',
  processBeforeResponse: false,
  unhandledRequestTimeoutMillis: 2_500,
});
const app = new App({
  receiver,
  token: process.env['SLACK_BOT_TOKEN'] ?? 'xoxb-bare',
  // Identity given up front, as the bot does, so Bolt never calls auth.test per request.
  botId: 'B0BARE',
  botUserId: 'U0BARE',
  tokenVerificationEnabled: false,
  logLevel: LogLevel.WARN,
});
app.command('/sm', async ({ ack }) => {
  await ack();
});
await app.start(port);
console.log(JSON.stringify({ level: 30, msg: 'bare bolt listening', port }));
process.on('SIGTERM', () => {
  void app.stop().then(() => process.exit(0));
});
