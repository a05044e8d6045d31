import { createHmac, randomBytes } from 'node:crypto';

/**
 * Requests as Slack sends them to the bot: bodies built the way Slack builds them, signed
 * with the signing secret (`v0=` HMAC-SHA256 of `v0:<timestamp>:<body>`), so the bot's
 * real signature check is exercised by tests and the sandbox.
 */

/** Slack's signature of one request body. */
export function computeSlackSignature(signingSecret: string, timestampSec: number | string, body: string): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestampSec}:${body}`).digest('hex')}`;
}

/** The two headers Slack adds to every request it sends. */
export function signSlackRequest(
  signingSecret: string,
  body: string,
  timestampSec: number = Math.floor(Date.now() / 1000),
): { 'X-Slack-Request-Timestamp': string; 'X-Slack-Signature': string } {
  return {
    'X-Slack-Request-Timestamp': String(timestampSec),
    'X-Slack-Signature': computeSlackSignature(signingSecret, timestampSec, body),
  };
}

let triggerCounter = 0;

/** A trigger_id shaped like Slack's ("398738663015.47445629121.803a0b…"), unique per call. */
export function newTriggerId(): string {
  triggerCounter += 1;
  return `${Date.now()}${String(triggerCounter).padStart(3, '0')}.47445629121.${randomBytes(16).toString('hex')}`;
}

/** Workspace facts every request carries. */
export interface SlackTeam {
  /** @defaultValue 'T0FAKE' */
  teamId?: string;
  /** @defaultValue 'fake-workspace' */
  teamDomain?: string;
  /** @defaultValue 'A0FAKEAPP' */
  apiAppId?: string;
  /** Slack's legacy verification token. @defaultValue 'fake-verification-token' */
  token?: string;
}

export interface SlashCommandInput extends SlackTeam {
  /** User id (U…). */
  user: string;
  /** @defaultValue the user id */
  userName?: string;
  /** Channel id (C…). */
  channel: string;
  /** @defaultValue 'general' */
  channelName?: string;
  /** @defaultValue '/sm' */
  command?: string;
  text: string;
  /** @defaultValue a hooks.slack.com-shaped URL nobody answers */
  responseUrl?: string;
  /** @defaultValue a fresh one */
  triggerId?: string;
  /** Seconds since the epoch to sign with. @defaultValue now */
  timestamp?: number;
}

export interface BlockActionInput extends SlackTeam {
  user: string;
  userName?: string;
  channel: string;
  /** ts of the message holding the button. */
  messageTs: string;
  actionId: string;
  /** @defaultValue 'actions' */
  blockId?: string;
  value?: string;
  /** The message the button sits in, as Slack echoes it. */
  message?: { text?: string; blocks?: unknown[] };
  responseUrl?: string;
  triggerId?: string;
  timestamp?: number;
}

function team(input: SlackTeam) {
  return {
    teamId: input.teamId ?? 'T0FAKE',
    teamDomain: input.teamDomain ?? 'fake-workspace',
    apiAppId: input.apiAppId ?? 'A0FAKEAPP',
    token: input.token ?? 'fake-verification-token',
  };
}

function defaultResponseUrl(teamId: string): string {
  return `https://hooks.slack.com/commands/${teamId}/${Date.now()}/${randomBytes(12).toString('hex')}`;
}

/** The application/x-www-form-urlencoded body of a slash command, fields in Slack's order. */
export function buildSlashCommandBody(input: SlashCommandInput): string {
  const t = team(input);
  return new URLSearchParams({
    token: t.token,
    team_id: t.teamId,
    team_domain: t.teamDomain,
    channel_id: input.channel,
    channel_name: input.channelName ?? 'general',
    user_id: input.user,
    user_name: input.userName ?? input.user,
    command: input.command ?? '/sm',
    text: input.text,
    api_app_id: t.apiAppId,
    is_enterprise_install: 'false',
    response_url: input.responseUrl ?? defaultResponseUrl(t.teamId),
    trigger_id: input.triggerId ?? newTriggerId(),
  }).toString();
}

/** The block_actions payload of a button click, as Slack sends it. */
export function buildBlockActionPayload(input: BlockActionInput): Record<string, unknown> {
  const t = team(input);
  const blockId = input.blockId ?? 'actions';
  const actionTs = `${(Date.now() / 1000).toFixed(6)}`;
  return {
    type: 'block_actions',
    user: { id: input.user, username: input.userName ?? input.user, name: input.userName ?? input.user, team_id: t.teamId },
    api_app_id: t.apiAppId,
    token: t.token,
    container: { type: 'message', message_ts: input.messageTs, channel_id: input.channel, is_ephemeral: false },
    trigger_id: input.triggerId ?? newTriggerId(),
    team: { id: t.teamId, domain: t.teamDomain },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: input.channel, name: 'general' },
    message: { type: 'message', ts: input.messageTs, text: input.message?.text ?? '', ...(input.message?.blocks ? { blocks: input.message.blocks } : {}) },
    state: { values: {} },
    response_url: input.responseUrl ?? defaultResponseUrl(t.teamId),
    actions: [
      {
        type: 'button',
        action_id: input.actionId,
        block_id: blockId,
        text: { type: 'plain_text', text: input.actionId, emoji: true },
        ...(input.value !== undefined ? { value: input.value } : {}),
        action_ts: actionTs,
      },
    ],
  };
}

/** The form body Slack posts for interactions: `payload=<json>`. */
export function buildBlockActionBody(input: BlockActionInput): string {
  return new URLSearchParams({ payload: JSON.stringify(buildBlockActionPayload(input)) }).toString();
}

/** `http://host:port` alone means Bolt's default events path. */
function eventsUrl(botUrl: string): string {
  const url = new URL(botUrl);
  if (url.pathname === '/' || url.pathname === '') url.pathname = '/slack/events';
  return url.toString();
}

/** POSTs a signed form body as Slack does. */
export async function sendSigned(botUrl: string, signingSecret: string, body: string, timestampSec?: number): Promise<Response> {
  return fetch(eventsUrl(botUrl), {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...signSlackRequest(signingSecret, body, timestampSec) },
    body,
  });
}

/** Sends a signed slash command to the bot (`botUrl`: base URL or full events URL). */
export async function sendSlashCommand(botUrl: string, signingSecret: string, input: SlashCommandInput): Promise<Response> {
  return sendSigned(botUrl, signingSecret, buildSlashCommandBody(input), input.timestamp);
}

/** Sends a signed button click (block_actions) to the bot. */
export async function sendBlockAction(botUrl: string, signingSecret: string, input: BlockActionInput): Promise<Response> {
  return sendSigned(botUrl, signingSecret, buildBlockActionBody(input), input.timestamp);
}

/** Sends a signed Events API callback (JSON body), e.g. `app_home_opened`. */
export async function sendEvent(botUrl: string, signingSecret: string, event: Record<string, unknown>, input: SlackTeam & { timestamp?: number } = {}): Promise<Response> {
  const t = team(input);
  const body = JSON.stringify({
    token: t.token,
    team_id: t.teamId,
    api_app_id: t.apiAppId,
    type: 'event_callback',
    event_id: `Ev${randomBytes(8).toString('hex').toUpperCase()}`,
    event_time: Math.floor(Date.now() / 1000),
    event,
  });
  return fetch(eventsUrl(botUrl), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...signSlackRequest(signingSecret, body, input.timestamp) },
    body,
  });
}

export interface ViewSubmissionInput extends SlackTeam {
  user: string;
  callbackId: string;
  privateMetadata: string;
  /** state.values: block_id → action_id → { type, value }. */
  values?: Record<string, Record<string, { type: string; value: string | null }>>;
  triggerId?: string;
  timestamp?: number;
}

/** The form body of a modal's submission (view_submission), as Slack sends it. */
export function buildViewSubmissionBody(input: ViewSubmissionInput): string {
  const t = team(input);
  const payload = {
    type: 'view_submission',
    team: { id: t.teamId, domain: t.teamDomain },
    user: { id: input.user, username: input.user, name: input.user, team_id: t.teamId },
    api_app_id: t.apiAppId,
    token: t.token,
    trigger_id: input.triggerId ?? newTriggerId(),
    view: {
      id: `V${randomBytes(5).toString('hex').toUpperCase()}`,
      team_id: t.teamId,
      type: 'modal',
      callback_id: input.callbackId,
      private_metadata: input.privateMetadata,
      state: { values: input.values ?? {} },
      hash: randomBytes(8).toString('hex'),
      app_id: t.apiAppId,
      bot_id: 'B0FAKEBOT',
    },
    response_urls: [],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** Sends a signed modal submission to the bot. */
export async function sendViewSubmission(botUrl: string, signingSecret: string, input: ViewSubmissionInput): Promise<Response> {
  return sendSigned(botUrl, signingSecret, buildViewSubmissionBody(input), input.timestamp);
}
