import type { FakeEphemeral, FakeFile, FakeMessage, FakeUser, Json, JsonObject, MessageMetadata } from './types.ts';

const CHANNEL_ID = /^[CGD][A-Z0-9]{2,}$/;

export interface OpenedView {
  id: string;
  trigger_id?: string;
  user?: string;
  view: JsonObject;
  openedAt: number;
}

/**
 * The fake's model of one workspace: channels with their messages (thread replies carry
 * `thread_ts`), ephemeral messages per user, views, files, users and user groups.
 */
export class Workspace {
  readonly channelMessages = new Map<string, FakeMessage[]>();
  readonly ephemerals: FakeEphemeral[] = [];
  readonly views: OpenedView[] = [];
  readonly homeViews = new Map<string, JsonObject>();
  readonly files = new Map<string, FakeFile>();
  private lastMicros = 0;
  private counter = 0;

  constructor(
    readonly users: Map<string, FakeUser>,
    readonly usergroups: Map<string, string[]>,
    private readonly knownChannels: Set<string> | undefined,
    readonly bot: { userId: string; botId: string; teamId: string },
    private readonly now: () => number,
  ) {}

  /** Slack-style "1700000000.000100": wall-clock microseconds, strictly increasing. */
  nextTs(): string {
    const micros = Math.max(this.now() * 1000, this.lastMicros + 1);
    this.lastMicros = micros;
    return `${Math.floor(micros / 1e6)}.${String(micros % 1e6).padStart(6, '0')}`;
  }

  /** An id with Slack's look: prefix + upper-case base 36. */
  nextId(prefix: string): string {
    this.counter += 1;
    return `${prefix}0${this.counter.toString(36).toUpperCase().padStart(8, '0')}`;
  }

  channelExists(channel: string): boolean {
    return this.knownChannels ? this.knownChannels.has(channel) : CHANNEL_ID.test(channel);
  }

  messages(channel: string): FakeMessage[] {
    let list = this.channelMessages.get(channel);
    if (!list) {
      list = [];
      this.channelMessages.set(channel, list);
    }
    return list;
  }

  find(channel: string, ts: string): FakeMessage | undefined {
    return this.channelMessages.get(channel)?.find((m) => m.ts === ts);
  }

  /** Top-level messages (thread parents included, replies not), oldest first. */
  topLevel(channel: string): FakeMessage[] {
    return (this.channelMessages.get(channel) ?? []).filter((m) => m.thread_ts === undefined || m.thread_ts === m.ts);
  }

  /** Replies in a thread, oldest first (the parent excluded). */
  replies(channel: string, parentTs: string): FakeMessage[] {
    return (this.channelMessages.get(channel) ?? []).filter((m) => m.thread_ts === parentTs && m.ts !== parentTs);
  }

  post(input: {
    channel: string;
    text: string;
    blocks?: Json[];
    metadata?: MessageMetadata;
    threadTs?: string;
    files?: FakeMessage['files'];
    via: FakeMessage['via'];
  }): FakeMessage {
    const message: FakeMessage = {
      type: 'message',
      channel: input.channel,
      ts: this.nextTs(),
      user: this.bot.userId,
      bot_id: this.bot.botId,
      text: input.text,
      history: [],
      via: input.via,
      postedAt: this.now(),
      ...(input.blocks ? { blocks: input.blocks } : {}),
      ...(input.metadata ? { metadata: input.metadata } : {}),
      ...(input.files ? { files: input.files } : {}),
    };
    if (input.threadTs) {
      message.thread_ts = input.threadTs;
      const parent = this.find(input.channel, input.threadTs);
      // Slack marks a parent with its own ts as thread_ts once it has replies.
      if (parent) parent.thread_ts = parent.ts;
    }
    this.messages(input.channel).push(message);
    return message;
  }

  update(message: FakeMessage, change: { text?: string; blocks?: Json[]; metadata?: MessageMetadata }): void {
    message.history.push({ text: message.text, ...(message.blocks ? { blocks: message.blocks } : {}), replacedAt: this.now() });
    // As chat.update documents: omitted blocks are kept, an empty array removes them.
    if (change.text !== undefined) message.text = change.text;
    if (change.blocks !== undefined && change.blocks.length > 0) message.blocks = change.blocks;
    else if (change.blocks !== undefined) delete message.blocks;
    if (change.metadata) message.metadata = change.metadata;
    message.edited = { user: this.bot.userId, ts: this.nextTs() };
  }

  remove(channel: string, ts: string): boolean {
    const list = this.channelMessages.get(channel);
    const index = list?.findIndex((m) => m.ts === ts) ?? -1;
    if (!list || index === -1) return false;
    list.splice(index, 1);
    return true;
  }

  postEphemeral(input: Omit<FakeEphemeral, 'ts' | 'postedAt'>): FakeEphemeral {
    const ephemeral: FakeEphemeral = { ...input, ts: this.nextTs(), postedAt: this.now() };
    this.ephemerals.push(ephemeral);
    return ephemeral;
  }

  /** A message as the Web API returns it (metadata only on request, as Slack does). */
  render(message: FakeMessage, includeMetadata: boolean): JsonObject {
    const out: JsonObject = {
      type: 'message',
      ts: message.ts,
      user: message.user,
      bot_id: message.bot_id,
      app_id: 'A0FAKEAPP',
      team: this.bot.teamId,
      text: message.text,
    };
    if (message.blocks) out['blocks'] = message.blocks;
    if (message.thread_ts) out['thread_ts'] = message.thread_ts;
    if (message.edited) out['edited'] = message.edited;
    if (message.files) out['files'] = message.files;
    if (message.thread_ts === message.ts) {
      const replies = this.replies(message.channel, message.ts);
      out['reply_count'] = replies.length;
      const latest = replies.at(-1);
      if (latest) out['latest_reply'] = latest.ts;
    }
    if (includeMetadata && message.metadata) out['metadata'] = message.metadata as unknown as JsonObject;
    return out;
  }

  reset(): void {
    this.channelMessages.clear();
    this.ephemerals.length = 0;
    this.views.length = 0;
    this.homeViews.clear();
    this.files.clear();
  }
}
