// Temporary: CPU profile of the receiver under load (not committed).
import autocannon from 'autocannon';
import { freePort, spawnServer } from './lib/child-process.ts';
import { SIGNING_SECRET, startOfflineWorld } from './lib/offline-world.ts';
import { signedTrainCommand } from './lib/slash-command.ts';

const world = await startOfflineWorld();
const port = await freePort();
const bot = await spawnServer({ name: 'bot-receiver', args: ['--cpu-prof', '--cpu-prof-dir=/tmp/prof', '--import', 'tsx', 'src/main.ts', 'receiver'], env: world.botEnv(port), port, readyPath: '/healthz' });
const responseUrl = `${world.slack.url}/response/x`;
void SIGNING_SECRET;
const result = await autocannon({
  url: `${bot.url}/slack/events`,
  connections: 10,
  duration: 8,
  requests: [{ method: 'POST', setupRequest: (req: Record<string, unknown>) => { const c = signedTrainCommand(responseUrl); return { ...req, headers: c.headers, body: c.body }; } }],
} as never);
console.log('rps', (result as { requests: { average: number } }).requests.average);
await bot.stop();
await world.close();
