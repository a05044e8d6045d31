import { createInterface, clearLine, cursorTo, type Interface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { formatDuration } from '../../domain/duration.ts';
import type { AwsEmulator } from '../aws-emulator/index.ts';
import type { FakeSlack } from '../fake-slack/index.ts';
import { sendBlockAction, sendSlashCommand } from '../slack-signer.ts';
import type { Styles } from './ansi.ts';
import { ButtonBoard, type BoardButton } from './button-board.ts';
import { replHelp, type HelpFacts } from './help-text.ts';
import { ModalDesk } from './modal-desk.ts';
import { renderMrkdwn, type Directory } from './mrkdwn.ts';
import { parseReplInput, type ReplInput } from './parse-input.ts';
import type { ScenarioDesk } from './scenario-desk.ts';
import { SlackFeed } from './slack-feed.ts';
import type { FileSaver } from './uploaded-file.ts';
import { withTimeout } from './with-timeout.ts';

/*
 * The sandbox's terminal: reads lines, sends `/sm …` and button clicks to the bot over
 * signed HTTP as the current user, prints what the bot says in Slack as it happens, and
 * shows the modals it opens so they can be submitted.
 * Lines are handled one at a time, in order, so a script piped in behaves like a person.
 */

/** A person in the fake workspace, as the REPL shows them. */
export interface ReplUser {
  id: string;
  /** Display name: "Bob". */
  name: string;
  /** Handle: "bob". */
  handle: string;
  /** Roles from the team config, in display order. */
  roles: readonly string[];
  /** Handles of the user groups they belong to. */
  groups: readonly string[];
}

export interface SandboxReplOptions {
  input: Readable;
  output: Writable;
  styles: Styles;
  /** Interactive terminal: prompt, line editing and Ctrl-C; otherwise typed lines are echoed. */
  terminal: boolean;
  botUrl: string;
  signingSecret: string;
  fake: FakeSlack;
  emulator: AwsEmulator;
  users: readonly ReplUser[];
  defaultUser: string;
  /** The channel commands are typed in. */
  channel: { id: string; name: string };
  directory: Directory;
  /** Runs `scenario …`; without it the command says scenarios are unavailable. */
  scenarios?: ScenarioDesk;
  /** Keeps copies of the files (charts) the bot uploads. */
  files?: FileSaver;
  /** What `help` names as the watched endpoint and budget. */
  help?: HelpFacts;
}

/** How long Slack waits for the ack before showing the user an error. */
const SLACK_ACK_DEADLINE_MS = 3_000;
/** How long the sandbox waits for the bot at all. */
const REQUEST_TIMEOUT_MS = 15_000;

export class SandboxRepl {
  private readonly board = new ButtonBoard();
  private readonly feed: SlackFeed;
  private readonly modals: ModalDesk;
  private rl: Interface | undefined;
  private user: ReplUser;
  private queue: Promise<void> = Promise.resolve();
  private pendingConfirm: BoardButton | undefined;
  private closing = false;
  private finished: (() => void) | undefined;

  constructor(private readonly options: SandboxReplOptions) {
    const first = options.users.find((u) => u.id === options.defaultUser) ?? options.users[0];
    if (!first) throw new Error('the sandbox needs at least one user');
    this.user = first;
    const files = options.files;
    this.feed = new SlackFeed({
      fake: options.fake,
      styles: options.styles,
      directory: options.directory,
      board: this.board,
      print: (text) => this.print(text),
      ...(files ? { saveFile: (name: string, content: Uint8Array) => files.save(name, content) } : {}),
    });
    this.modals = new ModalDesk({ fake: options.fake, styles: options.styles, directory: options.directory, botUrl: options.botUrl, signingSecret: options.signingSecret, print: (text) => this.print(text) });
  }

  /** Prints text, keeping an interactive prompt (and what is typed at it) below it. */
  print(text: string): void {
    const { output } = this.options;
    if (this.options.terminal && this.rl && !this.closing) {
      clearLine(output, 0);
      cursorTo(output, 0);
      output.write(`${text}\n`);
      this.rl.prompt(true);
      return;
    }
    output.write(`${text}\n`);
  }

  /** Runs until `quit`, end of input, or stop(). */
  run(): Promise<void> {
    const done = new Promise<void>((resolve) => {
      this.finished = resolve;
    });
    this.feed.start();
    this.modals.start();
    const rl = createInterface({ input: this.options.input, output: this.options.output, terminal: this.options.terminal, historySize: 200 });
    this.rl = rl;
    rl.setPrompt(this.prompt());
    rl.on('line', (line) => {
      this.queue = this.queue.then(() => this.handleLine(line)).catch((error: unknown) => this.print(this.options.styles.red(`sandbox error: ${error instanceof Error ? error.message : String(error)}`)));
    });
    rl.on('close', () => this.stop());
    rl.on('SIGINT', () => this.stop());
    if (this.options.terminal) rl.prompt();
    return done;
  }

  /** Stops reading and resolves run() once the line being handled is done. */
  stop(): void {
    if (this.closing) return;
    this.closing = true;
    this.feed.stop();
    this.modals.stop();
    this.rl?.close();
    const finish = this.finished;
    void this.queue.finally(() => finish?.());
  }

  private prompt(): string {
    const asking = this.modals.askingFor;
    return asking ? `${this.options.styles.cyan(asking)} › ` : `${this.options.styles.bold(this.user.name)} › `;
  }

  private async handleLine(line: string): Promise<void> {
    if (this.closing) return;
    // Echo typed lines for a piped script; an answer to a modal's input is echoed even when blank.
    if (!this.options.terminal && (line.trim() || this.modals.askingFor !== undefined)) this.options.output.write(`${this.prompt()}${line}\n`);
    if (this.pendingConfirm) {
      const button = this.pendingConfirm;
      this.pendingConfirm = undefined;
      if (/^(y|yes|ok|confirm)$/i.test(line.trim()) || line.trim().toLowerCase() === button.confirm?.confirm.toLowerCase()) await this.click(button);
      else this.feed.notice(`Cancelled: ${button.confirm?.deny ?? 'not sent'}.`);
    } else if (this.modals.askingFor !== undefined) {
      await this.modals.answer(line);
    } else {
      await this.dispatch(parseReplInput(line));
    }
    this.rl?.setPrompt(this.prompt());
    if (this.options.terminal && !this.closing) this.rl?.prompt();
  }

  private async dispatch(input: ReplInput): Promise<void> {
    const { styles } = this.options;
    switch (input.kind) {
      case 'empty':
        return;
      case 'invalid':
        this.print(styles.yellow(input.message));
        return;
      case 'help':
        this.print(replHelp(this.options.help));
        return;
      case 'quit':
        this.stop();
        return;
      case 'users':
        this.print(this.usersTable());
        return;
      case 'as':
        return this.switchUser(input.who);
      case 'slash':
        return this.slashCommand(input.command, input.text);
      case 'press':
        return this.press(input.button);
      case 'clock':
        return this.clock(input.advanceMs, input.speed);
      case 'submit':
        return this.modals.submit(this.user.id, input.text);
      case 'cancel':
        this.modals.cancel(this.user.id);
        return;
      case 'rollback-update':
        this.options.emulator.scenarios.rollbackNextUpdate(input.endpoint ? { endpoint: input.endpoint } : {});
        this.feed.notice(`The next update of ${input.endpoint ?? 'any endpoint'} will roll back: its rollback alarm fires during the first bake.`);
        return;
      case 'scenario': {
        const outcome = this.options.scenarios?.run(input.command) ?? { ok: false, text: 'Scenarios need the sandbox’s emulator; they are not available here.' };
        if (outcome.ok) this.feed.notice(outcome.text);
        else this.print(styles.yellow(outcome.text));
        return;
      }
      case 'fail-training':
        this.options.emulator.scenarios.failTraining(input.reason ? { reason: input.reason } : {});
        this.feed.notice('The next training job will fail halfway through its Training phase.');
        return;
    }
  }

  private usersTable(): string {
    const { styles } = this.options;
    const width = Math.max(...this.options.users.map((u) => u.name.length));
    const idWidth = Math.max(...this.options.users.map((u) => u.id.length));
    const rows = this.options.users.map((u) => {
      const me = u.id === this.user.id;
      const groups = u.groups.length > 0 ? styles.dim(` (in ${u.groups.map((g) => `@${g}`).join(', ')})`) : '';
      const line = `${me ? '▸' : ' '} ${u.name.padEnd(width)}  ${u.id.padEnd(idWidth)}  ${u.roles.join(', ') || 'no role'}${groups}${me ? styles.dim('  ← you') : ''}`;
      return me ? styles.bold(line) : line;
    });
    return ['People in the workspace (switch with `as <name>`):', ...rows].join('\n');
  }

  private switchUser(who: string): void {
    const wanted = who.toLowerCase();
    const user = this.options.users.find((u) => u.id.toLowerCase() === wanted || u.handle.toLowerCase() === wanted || u.name.toLowerCase() === wanted);
    if (!user) {
      this.print(this.options.styles.yellow(`No user ${who}. ${this.options.users.map((u) => `${u.handle} (${u.id})`).join(', ')}.`));
      return;
    }
    this.user = user;
    this.rl?.setPrompt(this.prompt());
    this.feed.notice(`You are now ${user.name} (${user.roles.join(', ') || 'no role'}).`);
  }

  private async slashCommand(command: string, text: string): Promise<void> {
    if (command !== '/sm') {
      this.print(this.options.styles.yellow(`${command} is not a command in this workspace; the bot's command is /sm (try /sm help).`));
      return;
    }
    const { channel } = this.options;
    const user = this.user;
    const responseUrl = this.feed.responseUrlFor({ user: user.id, channel: channel.id });
    await this.request(`${command}${text ? ` ${text}` : ''}`, user, channel.id, () =>
      sendSlashCommand(this.options.botUrl, this.options.signingSecret, {
        user: user.id,
        userName: user.handle,
        channel: channel.id,
        channelName: channel.name,
        command,
        text,
        responseUrl,
        triggerId: this.modals.triggerFor(user.id),
      }),
    );
  }

  private async press(number: number): Promise<void> {
    const { styles } = this.options;
    const button = this.board.get(number);
    if (!button) {
      this.print(styles.yellow(`There is no button ${number}.`));
      return;
    }
    if (!button.live) {
      this.print(styles.yellow(`Button ${number} (${button.text}) is no longer shown: its message has changed.`));
      return;
    }
    if (button.ephemeralFor && button.ephemeralFor !== this.user.id) {
      this.print(styles.yellow(`Button ${number} is in a reply only ${this.options.directory.users?.get(button.ephemeralFor) ?? button.ephemeralFor} can see.`));
      return;
    }
    if (button.confirm) {
      this.pendingConfirm = button;
      this.print(`${styles.bold(button.confirm.title)}\n  ${renderMrkdwn(button.confirm.text, { styles, ...this.options.directory })}\n${styles.dim(`Type y to ${button.confirm.confirm}, anything else to ${button.confirm.deny}.`)}`);
      return;
    }
    await this.click(button);
  }

  private async click(button: BoardButton): Promise<void> {
    const user = this.user;
    const responseUrl = this.feed.responseUrlFor({ user: user.id, channel: button.channel, messageTs: button.messageTs });
    await this.request(`[${button.text}]`, user, button.channel, () =>
      sendBlockAction(this.options.botUrl, this.options.signingSecret, {
        user: user.id,
        userName: user.handle,
        channel: button.channel,
        messageTs: button.messageTs,
        actionId: button.actionId,
        ...(button.blockId ? { blockId: button.blockId } : {}),
        ...(button.value !== undefined ? { value: button.value } : {}),
        message: button.message,
        responseUrl,
        triggerId: this.modals.triggerFor(user.id),
      }),
    );
  }

  /** Sends one request and shows its ack as Slack would: the body is a reply only the sender sees. */
  private async request(what: string, user: ReplUser, channel: string, send: () => Promise<Response>): Promise<void> {
    const { styles } = this.options;
    const started = Date.now();
    let response: Response;
    try {
      response = await withTimeout(send(), REQUEST_TIMEOUT_MS);
    } catch (error) {
      this.print(styles.red(`${what} failed: the bot did not answer (${error instanceof Error ? error.message : String(error)}).`));
      return;
    }
    const late = Date.now() - started > SLACK_ACK_DEADLINE_MS;
    const body = await response.text();
    if (!response.ok) {
      this.print(styles.red(`${what} failed with the error "http_${response.status}"${body ? `: ${body.slice(0, 200)}` : ''}`));
      return;
    }
    if (late) this.feed.notice(`(the bot took ${formatDuration(Date.now() - started)} to answer; Slack gives up after 3 seconds and shows "operation_timeout")`);
    const message = parseAckBody(body);
    if (message) this.feed.showAck(user.id, channel, message);
  }

  private clock(advanceMs: number | undefined, speed: number | undefined): void {
    const clock = this.options.emulator.clock;
    if (speed !== undefined) clock.setSpeed(speed);
    if (advanceMs !== undefined) clock.advance(advanceMs);
    const now = new Date(clock.now()).toISOString().slice(0, 19).replace('T', ' ');
    const rate = clock.speed === 0 ? 'frozen (moves only with clock +…)' : `running at ${clock.speed}× real time`;
    const moved = advanceMs !== undefined ? `Moved the simulated clock forward ${formatDuration(advanceMs)}. ` : '';
    this.feed.notice(`${moved}Simulated time: ${now} UTC, ${rate}.`);
  }
}

/** An ack's HTTP body as a message: JSON with text/blocks, or plain text; nothing when empty. */
export function parseAckBody(body: string): { text?: string; blocks?: unknown[] } | undefined {
  const trimmed = body.trim();
  if (!trimmed) return undefined;
  try {
    const parsed = JSON.parse(trimmed) as { text?: unknown; blocks?: unknown };
    if (typeof parsed !== 'object' || parsed === null) return { text: trimmed };
    const text = typeof parsed.text === 'string' ? parsed.text : undefined;
    const blocks = Array.isArray(parsed.blocks) ? (parsed.blocks as unknown[]) : undefined;
    if (text === undefined && blocks === undefined) return undefined;
    return { ...(text !== undefined ? { text } : {}), ...(blocks ? { blocks } : {}) };
  } catch {
    return { text: trimmed };
  }
}
