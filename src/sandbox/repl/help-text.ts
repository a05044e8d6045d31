import { SCENARIO_USAGE } from './scenario-input.ts';

/** What the help names in its alert walkthrough. */
export interface HelpFacts {
  /** The endpoint the watchers watch. */
  endpoint: string;
  /** The budget `scenario spend` moves. */
  budget?: string;
  /** How the alerts channel is shown, e.g. `#ml-alerts`. */
  alertsChannel: string;
}

/** The REPL's own help (the bot's is `/sm help`). Pure. */
export function replHelp(facts?: HelpFacts): string {
  return [
    'Sandbox commands — anything starting with / goes to the bot, signed as Slack signs it:',
    '  /sm …                  run a bot command as the current user (try /sm help)',
    '  as <user>              act as someone else: as alice, as U0VIEW',
    '  users                  the people in the workspace and their roles',
    '  press <n>   or  <n>    click the button shown as [n …]',
    '  submit [text]          submit the modal the bot opened for you; text fills its input',
    '                         (or type `submit`, then the text when asked)',
    '  cancel                 close that modal without submitting it',
    '  clock                  show the simulated AWS time',
    '  clock +10m             move the simulated time forward (jobs and endpoints move with it)',
    '  clock speed 60         run simulated time at 60× real time (0 freezes it)',
    '  fail next training     make the next training job fail partway through',
    '  rollback next update   make the next endpoint update roll back (an alarm fires in the bake)',
    ...SCENARIO_USAGE.map((line) => `  ${line}`),
    '  help                   this text',
    '  quit                   stop everything (Ctrl-C and Ctrl-D too)',
    '',
    'The approval gate, step by step (the registry holds churn v1–v4):',
    '  /sm models churn                 the versions, their metrics and training jobs',
    '  /sm deploy churn@2 to staging    deploys at once (Bob is an operator)',
    '  /sm deploy churn to prod         Bob asks; the request appears in #ml-approvals',
    '  as alice, press <n> (Approve)    Alice is the approver; a modal asks her to confirm',
    '  submit, then clock +5m           the deploy runs in the request\'s thread to InService',
    '  Reject asks for a reason: submit <reason>. Bob pressing Approve is refused: he asked.',
    '',
    ...(facts
      ? [
          `Alerts, step by step (the watchers watch ${facts.endpoint}${facts.budget ? ` and the budget ${facts.budget}` : ''}):`,
          `  scenario latency                 ${facts.endpoint}'s p99 latency spikes`,
          `  clock +5m                        the health watcher sees it and opens an alert in ${facts.alertsChannel},`,
          '                                   with its chart in the thread (saved as a PNG you can open)',
          `  scenario clear, then clock +5m   the alert resolves`,
          ...(facts.budget ? [`  scenario spend 80                ${facts.budget}'s spend jumps to 80%: an alert per threshold crossed`] : []),
          '  scenario drift, then clock +1h   the next Model Monitor execution finds drift',
          '',
        ]
      : []),
    'Replies only you would see in Slack are marked "only visible to …"; channel posts show',
    'their channel; updates show the lines that changed; thread replies are indented.',
  ].join('\n');
}
