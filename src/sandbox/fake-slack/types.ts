/** Shapes the fake Slack Web API records and hands to tests. */

/** Any JSON value a Slack payload may carry. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** Slack message metadata (`metadata` argument of chat.postMessage / chat.update). */
export interface MessageMetadata {
  event_type: string;
  event_payload: JsonObject;
}

/** One file uploaded through files.getUploadURLExternal + the upload URL. */
export interface FakeFile {
  id: string;
  name: string;
  title?: string;
  length: number;
  /** The bytes POSTed to the upload URL; undefined until they arrive. */
  content?: Buffer;
  /** Set by files.completeUploadExternal. */
  completed: boolean;
}

/** A previous version of a message, kept by chat.update and replace_original. */
export interface MessageRevision {
  text: string;
  blocks?: Json[];
  /** Wall-clock ms at which this version was replaced. */
  replacedAt: number;
}

/** A channel message as the fake's model holds it. */
export interface FakeMessage {
  type: 'message';
  channel: string;
  ts: string;
  /** Set on thread replies (and on a thread's parent once it has replies, as Slack does). */
  thread_ts?: string;
  user: string;
  bot_id: string;
  text: string;
  blocks?: Json[];
  metadata?: MessageMetadata;
  files?: Array<{ id: string; name: string; title?: string; size: number }>;
  edited?: { user: string; ts: string };
  /** Earlier versions, oldest first. */
  history: MessageRevision[];
  /** How the message got here. */
  via: 'chat.postMessage' | 'response_url' | 'files.completeUploadExternal';
  /** Wall-clock ms at which the fake stored it. */
  postedAt: number;
}

/** A message only one user sees. */
export interface FakeEphemeral {
  channel: string;
  user: string;
  ts: string;
  thread_ts?: string;
  text: string;
  blocks?: Json[];
  via: 'chat.postEphemeral' | 'response_url';
  postedAt: number;
}

/** One Web API call as the fake received it, and what it answered. */
export interface RecordedCall {
  /** 1, 2, 3… in arrival order. */
  seq: number;
  method: string;
  /** Wall-clock ms at which the request arrived (the fake's clock). */
  at: number;
  /** Arguments, with JSON-valued ones (blocks, metadata, view, files…) parsed. */
  args: JsonObject;
  /** The bearer token or `token` argument, if any. */
  token?: string;
  status: number;
  /** The JSON body sent back; undefined when the response was dropped on purpose. */
  response?: JsonObject;
  ok: boolean;
  error?: string;
  /** Set when an injected fault shaped the answer. */
  fault?: 'rateLimit' | 'error' | 'dropResponse' | 'latency';
  /** Set when the fake's own per-channel limit answered 429. */
  rateLimited?: boolean;
}

/** One POST to a response_url. */
export interface RecordedResponse {
  id: string;
  at: number;
  body: JsonObject;
  text?: string;
  blocks?: Json[];
  response_type: 'ephemeral' | 'in_channel';
  replace_original: boolean;
  delete_original: boolean;
  /** HTTP status the fake answered. */
  status: number;
  error?: string;
}

export interface FakeUser {
  id: string;
  name: string;
  realName?: string;
  isBot?: boolean;
}

export interface FakeSlackOptions {
  /** @defaultValue 0 (any free port) */
  port?: number;
  /** @defaultValue '127.0.0.1' */
  host?: string;
  /** The only bot token the fake accepts. @defaultValue 'xoxb-fake-bot-token' */
  botToken?: string;
  /** The app-level token `apps.connections.open` accepts (Socket Mode). @defaultValue 'xapp-1-A0FAKEAPP-fake-app-token' */
  appToken?: string;
  /** The app id Socket Mode's hello carries. @defaultValue 'A0FAKEAPP' */
  appId?: string;
  users?: FakeUser[];
  /** User group id → member user ids. */
  usergroups?: Record<string, string[]>;
  /** When given, only these channels exist (others answer channel_not_found); by default any well-formed id does. */
  channels?: string[];
  /**
   * Slack's per-channel posting limit: chat.postMessage refills one token every
   * `intervalMs` up to `burst` tokens; a post without a token gets HTTP 429 and Retry-After.
   * `false` turns it off. @defaultValue { intervalMs: 1000, burst: 2 }
   */
  postRateLimit?: { intervalMs: number; burst: number } | false;
  teamId?: string;
  botUserId?: string;
  botId?: string;
  /** Wall clock in ms. @defaultValue Date.now */
  now?: () => number;
}
