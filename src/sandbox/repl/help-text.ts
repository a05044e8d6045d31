/** The REPL's own help (the bot's is `/sm help`). Pure. */
export function replHelp(): string {
  return [
    'Sandbox commands — anything starting with / goes to the bot, signed as Slack signs it:',
    '  /sm …                  run a bot command as the current user (try /sm help)',
    '  as <user>              act as someone else: as alice, as U0VIEW',
    '  users                  the people in the workspace and their roles',
    '  press <n>   or  <n>    click the button shown as [n …]',
    '  clock                  show the simulated AWS time',
    '  clock +10m             move the simulated time forward (jobs move with it)',
    '  clock speed 60         run simulated time at 60× real time (0 freezes it)',
    '  fail next training     make the next training job fail partway through',
    '  help                   this text',
    '  quit                   stop everything (Ctrl-C and Ctrl-D too)',
    'Replies only you would see in Slack are marked "only visible to …"; channel posts show',
    'their channel; updates show the lines that changed; thread replies are indented.',
  ].join('\n');
}
