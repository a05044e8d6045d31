import { SANDBOX_CHANNEL } from '../demo-config.ts';
import type { Styles } from './ansi.ts';
import type { ReplUser } from './repl.ts';

/** What the sandbox tells the user when it is up. */
export interface BannerFacts {
  slack: string;
  aws: string;
  bot: string;
  redis: string;
  speed: number;
  config: string;
  recipes: string[];
  log: string;
  me: ReplUser | undefined;
  /** The model package group seeded at start; the deploy walkthrough is shown when set. */
  models?: { group: string; versions: number };
  /** What the watchers watch; the alert walkthrough is shown when set. */
  watched?: { endpoint: string; budget?: string; alertsChannel: string; charts: string };
}

export function banner(styles: Styles, facts: BannerFacts): string {
  const row = (label: string, value: string) => `  ${styles.dim(label.padEnd(10))} ${value}`;
  const pace = facts.speed === 0 ? 'frozen: move it with `clock +10m`' : `${facts.speed}× real time${facts.speed >= 20 ? ` (a training job takes about ${Math.round(540 / facts.speed)} s)` : ''}`;
  return [
    styles.bold('sagemaker-chatops sandbox') + styles.dim(' — the real bot, with Slack, AWS and Redis on this machine'),
    row('bot', `${facts.bot}/slack/events`),
    row('Slack', `${facts.slack} (fake Web API)`),
    row('AWS', `${facts.aws} (emulator; simulated clock ${pace})`),
    row('Redis', facts.redis),
    row('config', `${facts.config}; recipes: ${facts.recipes.join(', ') || 'none'}`),
    row('bot log', facts.log),
    '',
    `You are ${styles.bold(facts.me?.name ?? 'Bob')} (${facts.me?.roles.join(', ') ?? 'operator'}), typing in #${SANDBOX_CHANNEL.name}. Try ${styles.bold('/sm help')}, ${styles.bold('/sm train churn-xgb max_depth=8')},`,
    `then ${styles.bold('users')} and ${styles.bold('as alice')}. ${styles.bold('help')} lists the sandbox commands; ${styles.bold('quit')} stops everything.`,
    ...(facts.models
      ? [
          `The model registry holds ${styles.bold(`${facts.models.group} v1–v${facts.models.versions}`)}. Try the approval gate: ${styles.bold(`/sm models ${facts.models.group}`)}, then ${styles.bold(`/sm deploy ${facts.models.group} to prod`)}`,
          `as Bob, ${styles.bold('as alice')}, ${styles.bold('press')} its Approve button, ${styles.bold('submit')} the confirmation and ${styles.bold('clock +5m')}: the deploy reaches InService in its thread.`,
        ]
      : []),
    ...(facts.watched
      ? [
          `The watchers watch ${styles.bold(facts.watched.endpoint)}${facts.watched.budget ? ` and the budget ${styles.bold(facts.watched.budget)}` : ''}. Try ${styles.bold('scenario latency')}, then ${styles.bold('clock +5m')}: an alert opens in ${facts.watched.alertsChannel}`,
          `with a chart (saved under ${facts.watched.charts}); ${styles.bold('scenario clear')} and ${styles.bold('clock +5m')} resolve it.${facts.watched.budget ? ` ${styles.bold('scenario spend 80')} warns about the budget.` : ''}`,
        ]
      : []),
  ].join('\n');
}
