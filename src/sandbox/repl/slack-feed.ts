import type { FakeSlack, RecordedCall, RecordedResponse } from '../fake-slack/index.ts';
import { createStyles, type Styles } from './ansi.ts';
import type { ButtonBoard, ButtonHome } from './button-board.ts';
import { renderMrkdwn, type Directory } from './mrkdwn.ts';
import { indent, listButtons, renderMessage, type RenderOptions } from './render.ts';
import { renderUploadedFile } from './uploaded-file.ts';

/*
 * What the bot says in Slack, printed as it happens: private replies (the ack of a command
 * and response_url posts), channel posts, updates in place (only the lines that changed,
 * unless most did) and thread replies indented under a line naming their parent.
 */

/** Who a minted response_url answers, so its posts can be shown to the right person. */
interface ResponseTarget {
  user: string;
  channel: string;
  /** The message a click came from: replace_original acts on it. */
  messageTs?: string;
}

export interface SlackFeedOptions {
  fake: FakeSlack;
  styles: Styles;
  directory: Directory;
  board: ButtonBoard;
  /** Prints one event (several lines, no trailing newline). */
  print: (text: string) => void;
  /** Keeps a copy of a file the bot uploaded so the user can open it; returns its path. */
  saveFile?: (name: string, content: Uint8Array) => string | undefined;
}

const TITLE_MAX = 70;
const PLAIN = createStyles(false);
type Message = { text?: string; blocks?: unknown[] };

export class SlackFeed {
  private readonly rendered = new Map<string, string>();
  private readonly targets = new Map<string, ResponseTarget>();
  private readonly onCall = (call: RecordedCall) => this.call(call);
  private readonly onResponse = (response: RecordedResponse) => this.response(response);
  private ephemeralCounter = 0;

  constructor(private readonly options: SlackFeedOptions) {}

  start(): void {
    this.options.fake.events.on('call', this.onCall);
    this.options.fake.events.on('response', this.onResponse);
  }

  stop(): void {
    this.options.fake.events.off('call', this.onCall);
    this.options.fake.events.off('response', this.onResponse);
  }

  /** Mints a response_url for an interaction by `user` and remembers whom it answers. */
  responseUrlFor(target: ResponseTarget): string {
    const url = this.options.fake.responseUrl({ channel: target.channel, user: target.user, ...(target.messageTs ? { messageTs: target.messageTs } : {}) });
    this.targets.set(url.split('/').at(-1) ?? url, target);
    return url;
  }

  /** The immediate answer to a request (the HTTP body of the ack), which only `user` sees. */
  showAck(user: string, channel: string, message: Message): void {
    this.printEphemeral(user, channel, message);
  }

  /** A line from the sandbox itself, set apart from Slack's messages. */
  notice(text: string): void {
    this.options.print(this.options.styles.dim(text));
  }

  private get renderOptions(): RenderOptions {
    return { styles: this.options.styles, ...this.options.directory };
  }

  private channelName(channel: string): string {
    return `#${this.options.directory.channels?.get(channel) ?? channel}`;
  }

  private userName(user: string): string {
    return this.options.directory.users?.get(user) ?? user;
  }

  /** Renders a message, numbering its buttons on the board. */
  private render(home: ButtonHome, message: Message): string {
    const numbers = this.options.board.show(home, listButtons(message.blocks));
    return renderMessage(message, { ...this.renderOptions, buttonNumber: (_button, index) => numbers[index] ?? index + 1 });
  }

  /** A one-line name for a message: its header, else the first line of its text. */
  private title(message: Message): string {
    const header = message.blocks?.find((block): block is { type: 'header'; text: { text: string } } => {
      const b = block as { type?: unknown; text?: { text?: unknown } } | null;
      return b?.type === 'header' && typeof b.text?.text === 'string';
    });
    const raw = header ? header.text.text : renderMrkdwn((message.text ?? '').split('\n')[0] ?? '', { ...this.renderOptions, styles: PLAIN });
    const line = raw.replace(/\s+/g, ' ').trim();
    return line.length > TITLE_MAX ? `${line.slice(0, TITLE_MAX - 1)}…` : line;
  }

  /** A blank line, then where the message is and what happened to it. */
  private heading(where: string, what: string, pad = ''): string {
    const { styles } = this.options;
    return `\n${pad}${styles.bold(where)} ${styles.dim(`· ${what}`)}`;
  }

  private printEphemeral(user: string, channel: string, message: Message, note = ''): void {
    this.ephemeralCounter += 1;
    const home: ButtonHome = { channel, messageTs: `ephemeral.${this.ephemeralCounter}`, message, ephemeralFor: user };
    const body = this.render(home, message);
    this.options.print(`${this.heading(this.channelName(channel), `only visible to ${this.userName(user)}${note}`)}\n${indent(body, '  ')}`);
  }

  private printChannelMessage(channel: string, ts: string, change: 'new' | 'updated'): void {
    const message = this.options.fake.message(channel, ts);
    if (!message) return;
    const key = `${channel}/${ts}`;
    const shown: Message = { text: message.text, ...(message.blocks ? { blocks: message.blocks } : {}) };
    const body = this.render({ channel, messageTs: ts, message: shown }, shown);
    const before = this.rendered.get(key);
    if (before === body) return;
    this.rendered.set(key, body);
    const parentTs = message.thread_ts && message.thread_ts !== ts ? message.thread_ts : undefined;
    const where = this.channelName(channel);
    if (parentTs) {
      const about = this.threadAbout(channel, parentTs);
      const what = change === 'new' ? about : `reply updated, ${about}`;
      this.options.print(`${this.heading(`↳ ${where}`, what, '    ')}\n${indent(before === undefined || change === 'new' ? body : this.changes(before, body), '      ')}`);
      return;
    }
    if (change === 'new' || before === undefined) {
      this.options.print(`${this.heading(where, change === 'new' ? 'new message' : `updated “${this.title(shown)}”`)}\n${indent(body, '  ')}`);
      return;
    }
    this.options.print(`${this.heading(where, `updated “${this.title(shown)}”`)}\n${indent(this.changes(before, body), '  ')}`);
  }

  /** `in thread “<the parent's title>”`. */
  private threadAbout(channel: string, parentTs: string): string {
    const parent = this.options.fake.message(channel, parentTs);
    return parent ? `in thread “${this.title({ text: parent.text, ...(parent.blocks ? { blocks: parent.blocks } : {}) })}”` : 'in a thread';
  }

  /** Files shared by files.completeUploadExternal (the last step of files.uploadV2): one line each, saved to disk. */
  private printFiles(call: RecordedCall): void {
    const shared = Array.isArray(call.response?.['files']) ? call.response['files'] : [];
    const channel = typeof call.args['channel_id'] === 'string' ? call.args['channel_id'] : undefined;
    const threadTs = typeof call.args['thread_ts'] === 'string' ? call.args['thread_ts'] : undefined;
    const stored = new Map(this.options.fake.files().map((file) => [file.id, file]));
    const lines = shared.flatMap((entry) => {
      const file = entry && typeof entry === 'object' && !Array.isArray(entry) && typeof entry['id'] === 'string' ? stored.get(entry['id']) : undefined;
      if (!file?.content) return [];
      const savedTo = this.options.saveFile?.(file.name, file.content);
      return [renderUploadedFile({ name: file.name, ...(file.title ? { title: file.title } : {}), content: file.content, ...(savedTo ? { savedTo } : {}) }, this.options.styles)];
    });
    if (lines.length === 0) return;
    if (!channel) {
      this.options.print(`${this.heading('files', 'uploaded, not shared in a channel')}\n${indent(lines.join('\n'), '  ')}`);
      return;
    }
    const where = this.channelName(channel);
    if (threadTs) this.options.print(`${this.heading(`↳ ${where}`, this.threadAbout(channel, threadTs), '    ')}\n${indent(lines.join('\n'), '      ')}`);
    else this.options.print(`${this.heading(where, 'new file')}\n${indent(lines.join('\n'), '  ')}`);
  }

  /** The lines an update added (or, when it only removed some, those); the whole message when most changed. */
  private changes(before: string, after: string): string {
    const old = new Set(before.split('\n'));
    const lines = after.split('\n');
    const added = lines.filter((line) => !old.has(line));
    if (added.length * 2 > lines.length) return after;
    if (added.length > 0) return added.join('\n');
    // Only removals (a button that went away, say): name what went.
    const now = new Set(lines);
    const removed = before.split('\n').filter((line) => !now.has(line));
    return removed.map((line) => this.options.styles.dim(`(removed) ${line.trim()}`)).join('\n');
  }

  private call(call: RecordedCall): void {
    const response = call.response ?? {};
    if (!call.ok) {
      // Rate limits are the outbox's business (it waits and retries); anything else is news.
      if (call.status !== 429 && call.method !== 'auth.test') this.notice(`(the bot's ${call.method} call failed: ${call.error ?? 'unknown error'})`);
      return;
    }
    const channel = typeof response['channel'] === 'string' ? response['channel'] : typeof call.args['channel'] === 'string' ? call.args['channel'] : '';
    switch (call.method) {
      case 'chat.postMessage':
        if (typeof response['ts'] === 'string') this.printChannelMessage(channel, response['ts'], 'new');
        break;
      case 'chat.update':
        if (typeof response['ts'] === 'string') this.printChannelMessage(channel, response['ts'], 'updated');
        break;
      case 'chat.delete':
        if (typeof call.args['ts'] === 'string') this.options.board.retire(channel, call.args['ts']);
        this.options.print(`${this.heading(this.channelName(channel), 'a message was deleted')}`);
        break;
      case 'chat.postEphemeral': {
        const user = typeof call.args['user'] === 'string' ? call.args['user'] : '';
        const blocks = Array.isArray(call.args['blocks']) ? (call.args['blocks'] as unknown[]) : undefined;
        this.printEphemeral(user, channel, { text: typeof call.args['text'] === 'string' ? call.args['text'] : '', ...(blocks ? { blocks } : {}) });
        break;
      }
      case 'files.completeUploadExternal':
        this.printFiles(call);
        break;
      // Modals are shown by the ModalDesk, which knows whose click opened them.
      default:
        break;
    }
  }

  private response(response: RecordedResponse): void {
    const target = this.targets.get(response.id);
    if (!target) return;
    if (response.status !== 200) {
      this.notice(`(the bot's response_url post was refused: ${response.error ?? `HTTP ${response.status}`})`);
      return;
    }
    const message: Message = { text: response.text ?? '', ...(response.blocks ? { blocks: response.blocks as unknown[] } : {}) };
    if (target.messageTs && (response.delete_original || response.replace_original) && !target.messageTs.startsWith('ephemeral.')) {
      if (response.delete_original) {
        this.options.board.retire(target.channel, target.messageTs);
        this.options.print(this.heading(this.channelName(target.channel), 'a message was deleted'));
      } else {
        this.printChannelMessage(target.channel, target.messageTs, 'updated');
      }
      return;
    }
    if (response.delete_original) {
      this.options.print(this.heading(this.channelName(target.channel), `the earlier reply to ${this.userName(target.user)} was removed`));
      return;
    }
    if (response.response_type === 'in_channel') {
      const posted = this.options.fake.workspace.messages(target.channel).at(-1);
      if (posted) this.printChannelMessage(target.channel, posted.ts, 'new');
      return;
    }
    this.printEphemeral(target.user, target.channel, message, response.replace_original ? ', replacing the earlier reply' : '');
  }
}
