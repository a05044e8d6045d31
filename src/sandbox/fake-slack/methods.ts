import { createHash } from 'node:crypto';
import type { ChannelRateLimiter } from './rate-limiter.ts';
import type { FakeMessage, Json, JsonObject } from './types.ts';
import { asMetadata, isObject, LIMITS, validateBlocks, validateMessage, type SlackFailure } from './validate.ts';
import type { Workspace } from './workspace.ts';

export interface MethodContext {
  workspace: Workspace;
  /** undefined when the per-channel posting limit is off. */
  postLimiter: ChannelRateLimiter | undefined;
  /** Base URL of the fake, for the upload URLs it hands out. */
  baseUrl: string;
  now: () => number;
}

/** A method's answer: a Slack body, a Slack error, or a 429 with Retry-After (seconds). */
export type MethodResult = ({ ok: true } & JsonObject) | SlackFailure | { retryAfterSec: number };

type Handler = (args: JsonObject, ctx: MethodContext) => MethodResult;

const str = (value: Json | undefined): string | undefined => (typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : undefined);
const fail = (error: string): SlackFailure => ({ error });
const rateLimited = (retryAfterSec: number): MethodResult => ({ retryAfterSec });
const bool = (value: Json | undefined): boolean => value === true || value === 'true' || value === '1' || value === 1;

/** Slack timestamps compared exactly ("1700000000.000100" does not fit a double's precision). */
export function tsValue(ts: string): bigint {
  const [seconds = '0', fraction = ''] = ts.split('.');
  return BigInt(seconds || '0') * 1_000_000n + BigInt(fraction.padEnd(6, '0').slice(0, 6) || '0');
}

function page<T>(items: T[], args: JsonObject, render: (item: T) => JsonObject): JsonObject {
  const limit = Math.min(Math.max(Number(str(args['limit']) ?? 100) || 100, 1), 999);
  const cursor = str(args['cursor']);
  const offset = cursor ? Number(Buffer.from(cursor, 'base64').toString('utf8').replace('offset:', '')) || 0 : 0;
  const slice = items.slice(offset, offset + limit);
  const more = offset + limit < items.length;
  return {
    messages: slice.map(render),
    has_more: more,
    response_metadata: { next_cursor: more ? Buffer.from(`offset:${offset + limit}`).toString('base64') : '' },
  };
}

function withinRange(ts: string, args: JsonObject): boolean {
  const inclusive = bool(args['inclusive']);
  const oldest = str(args['oldest']);
  const latest = str(args['latest']);
  const value = tsValue(ts);
  if (oldest !== undefined && (inclusive ? value < tsValue(oldest) : value <= tsValue(oldest))) return false;
  if (latest !== undefined && (inclusive ? value > tsValue(latest) : value >= tsValue(latest))) return false;
  return true;
}

function channelOf(args: JsonObject, ctx: MethodContext): string | SlackFailure {
  const channel = str(args['channel']) ?? str(args['channel_id']);
  if (!channel || !ctx.workspace.channelExists(channel)) return fail('channel_not_found');
  return channel;
}

function renderView(view: JsonObject, id: string, ctx: MethodContext): JsonObject {
  return { ...view, id, team_id: ctx.workspace.bot.teamId, state: { values: {} }, hash: createHash('sha1').update(JSON.stringify(view)).digest('hex').slice(0, 16) };
}

function checkView(view: Json | undefined): SlackFailure | undefined {
  if (!isObject(view) || typeof view['type'] !== 'string') return fail('invalid_arguments');
  return validateBlocks(view['blocks'], LIMITS.viewBlocks);
}

const handlers: Record<string, Handler> = {
  'api.test': (args) => ({ ok: true, args }),

  'auth.test': (_args, { workspace }) => ({
    ok: true,
    url: 'https://fake-workspace.slack.com/',
    team: 'Fake Workspace',
    user: 'chatops',
    team_id: workspace.bot.teamId,
    user_id: workspace.bot.userId,
    bot_id: workspace.bot.botId,
    is_enterprise_install: false,
  }),

  'chat.postMessage': (args, ctx) => {
    const channel = channelOf(args, ctx);
    if (typeof channel !== 'string') return channel;
    const invalid = validateMessage(args, { requireContent: true });
    if (invalid) return invalid;
    const threadTs = str(args['thread_ts']);
    if (threadTs && !ctx.workspace.find(channel, threadTs)) return fail('thread_not_found');
    const retryAfterSec = ctx.postLimiter?.take(channel);
    if (retryAfterSec !== undefined) return rateLimited(retryAfterSec);
    const blocks = args['blocks'] as Json[] | undefined;
    const metadata = asMetadata(args['metadata']);
    const message = ctx.workspace.post({
      channel,
      text: str(args['text']) ?? '',
      via: 'chat.postMessage',
      ...(blocks ? { blocks } : {}),
      ...(metadata ? { metadata } : {}),
      ...(threadTs ? { threadTs } : {}),
    });
    return { ok: true, channel, ts: message.ts, message: ctx.workspace.render(message, false) };
  },

  'chat.update': (args, ctx) => {
    const channel = channelOf(args, ctx);
    if (typeof channel !== 'string') return channel;
    const ts = str(args['ts']);
    const message = ts ? ctx.workspace.find(channel, ts) : undefined;
    if (!message) return fail('message_not_found');
    const invalid = validateMessage(args, { requireContent: true });
    if (invalid) return invalid;
    const text = str(args['text']);
    const blocks = args['blocks'] as Json[] | undefined;
    const metadata = asMetadata(args['metadata']);
    ctx.workspace.update(message, { ...(text !== undefined ? { text } : {}), ...(blocks ? { blocks } : {}), ...(metadata ? { metadata } : {}) });
    return { ok: true, channel, ts: message.ts, text: message.text, message: ctx.workspace.render(message, false) };
  },

  'chat.delete': (args, ctx) => {
    const channel = channelOf(args, ctx);
    if (typeof channel !== 'string') return channel;
    const ts = str(args['ts']);
    if (!ts || !ctx.workspace.remove(channel, ts)) return fail('message_not_found');
    return { ok: true, channel, ts };
  },

  'chat.postEphemeral': (args, ctx) => {
    const channel = channelOf(args, ctx);
    if (typeof channel !== 'string') return channel;
    const user = str(args['user']);
    if (!user) return fail('user_not_found');
    if (ctx.workspace.users.size > 0 && !ctx.workspace.users.has(user)) return fail('user_not_in_channel');
    const invalid = validateMessage(args, { requireContent: true });
    if (invalid) return invalid;
    const blocks = args['blocks'] as Json[] | undefined;
    const threadTs = str(args['thread_ts']);
    const ephemeral = ctx.workspace.postEphemeral({
      channel,
      user,
      text: str(args['text']) ?? '',
      via: 'chat.postEphemeral',
      ...(blocks ? { blocks } : {}),
      ...(threadTs ? { thread_ts: threadTs } : {}),
    });
    return { ok: true, message_ts: ephemeral.ts };
  },

  'conversations.history': (args, ctx) => {
    const channel = channelOf(args, ctx);
    if (typeof channel !== 'string') return channel;
    const metadata = bool(args['include_all_metadata']);
    const newestFirst = ctx.workspace
      .topLevel(channel)
      .filter((m) => withinRange(m.ts, args))
      .reverse();
    return { ok: true, ...page(newestFirst, args, (m) => ctx.workspace.render(m, metadata)) };
  },

  'conversations.replies': (args, ctx) => {
    const channel = channelOf(args, ctx);
    if (typeof channel !== 'string') return channel;
    const ts = str(args['ts']);
    const parent = ts ? ctx.workspace.find(channel, ts) : undefined;
    if (!parent || !ts) return fail('thread_not_found');
    const metadata = bool(args['include_all_metadata']);
    const replies = ctx.workspace.replies(channel, ts).filter((m) => withinRange(m.ts, args));
    return { ok: true, ...page([parent, ...replies], args, (m) => ctx.workspace.render(m, metadata)) };
  },

  'views.open': (args, ctx) => {
    const triggerId = str(args['trigger_id']);
    if (!triggerId) return fail('invalid_arguments');
    const invalid = checkView(args['view']);
    if (invalid) return invalid;
    const id = ctx.workspace.nextId('V');
    const view = args['view'] as JsonObject;
    ctx.workspace.views.push({ id, trigger_id: triggerId, view, openedAt: ctx.now() });
    return { ok: true, view: renderView(view, id, ctx) };
  },

  'views.update': (args, ctx) => {
    const id = str(args['view_id']);
    const externalId = str(args['external_id']);
    const opened = ctx.workspace.views.find((v) => (id && v.id === id) || (externalId && v.view['external_id'] === externalId));
    if (!opened) return fail('not_found');
    const invalid = checkView(args['view']);
    if (invalid) return invalid;
    opened.view = args['view'] as JsonObject;
    return { ok: true, view: renderView(opened.view, opened.id, ctx) };
  },

  'views.publish': (args, ctx) => {
    const user = str(args['user_id']);
    if (!user) return fail('invalid_arguments');
    const invalid = checkView(args['view']);
    if (invalid) return invalid;
    const view = args['view'] as JsonObject;
    if (view['type'] !== 'home') return fail('invalid_arguments');
    ctx.workspace.homeViews.set(user, view);
    return { ok: true, view: renderView(view, `VHOME${user}`, ctx) };
  },

  'files.getUploadURLExternal': (args, ctx) => {
    const filename = str(args['filename']);
    const length = Number(str(args['length']));
    if (!filename || !Number.isInteger(length) || length < 0) return fail('invalid_arguments');
    const id = ctx.workspace.nextId('F');
    ctx.workspace.files.set(id, { id, name: filename, length, completed: false });
    return { ok: true, upload_url: `${ctx.baseUrl}/upload/${id}`, file_id: id };
  },

  'files.completeUploadExternal': (args, ctx) => {
    const files = args['files'];
    if (!Array.isArray(files) || files.length === 0) return fail('invalid_arguments');
    const channel = str(args['channel_id']);
    if (channel && !ctx.workspace.channelExists(channel)) return fail('channel_not_found');
    const done: NonNullable<FakeMessage['files']> = [];
    for (const entry of files) {
      const id = isObject(entry) ? str(entry['id']) : undefined;
      const file = id ? ctx.workspace.files.get(id) : undefined;
      if (!file || file.content === undefined) return fail('file_not_found');
      const title = isObject(entry) ? str(entry['title']) : undefined;
      if (title) file.title = title;
      file.completed = true;
      done.push({ id: file.id, name: file.name, size: file.content.length, ...(file.title ? { title: file.title } : {}) });
    }
    if (channel) {
      const threadTs = str(args['thread_ts']);
      ctx.workspace.post({ channel, text: str(args['initial_comment']) ?? '', files: done, via: 'files.completeUploadExternal', ...(threadTs ? { threadTs } : {}) });
    }
    return { ok: true, files: done.map((f): JsonObject => ({ id: f.id, name: f.name, size: f.size, ...(f.title ? { title: f.title } : {}) })) };
  },

  'users.info': (args, ctx) => {
    const id = str(args['user']);
    const user = id ? ctx.workspace.users.get(id) : undefined;
    if (!user) return fail('user_not_found');
    const realName = user.realName ?? user.name;
    return {
      ok: true,
      user: {
        id: user.id,
        team_id: ctx.workspace.bot.teamId,
        name: user.name,
        real_name: realName,
        deleted: false,
        is_bot: user.isBot ?? false,
        tz: 'Etc/UTC',
        profile: { real_name: realName, display_name: user.name },
      },
    };
  },

  'usergroups.users.list': (args, ctx) => {
    const group = str(args['usergroup']);
    const users = group ? ctx.workspace.usergroups.get(group) : undefined;
    if (!users) return fail('no_such_subteam');
    return { ok: true, users };
  },
};

export function handleMethod(method: string, args: JsonObject, ctx: MethodContext): MethodResult {
  const handler = handlers[method];
  if (!handler) return fail('unknown_method');
  return handler(args, ctx);
}

/** The channel a call concerns, for per-channel faults. */
export function channelArg(args: JsonObject): string | undefined {
  return str(args['channel']) ?? str(args['channel_id']);
}
