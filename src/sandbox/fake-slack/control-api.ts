import type { ServerResponse } from 'node:http';
import { sendJson } from './http-body.ts';
import type { ResponseUrlOptions } from './response-urls.ts';
import type { FakeEphemeral, FakeMessage, JsonObject, RecordedCall, RecordedResponse } from './types.ts';

/** The part of FakeSlack the control API reads (an interface, so the two files do not import each other). */
export interface FakeSlackState {
  calls: RecordedCall[];
  callsOf(method: string): RecordedCall[];
  messages(channel: string): FakeMessage[];
  thread(channel: string, ts: string): FakeMessage[];
  ephemerals(filter: { channel?: string; user?: string }): FakeEphemeral[];
  responses(idOrUrl?: string): RecordedResponse[];
  responseUrl(options: ResponseUrlOptions): string;
  reset(): void;
}

/**
 * A small HTTP view of the fake's state under `/_fake/`, for a process that cannot hold
 * the FakeSlack object (the in-memory API is the main one):
 *
 * - `GET  /_fake/calls[?method=chat.update]`
 * - `GET  /_fake/channels/:channel/messages`
 * - `GET  /_fake/channels/:channel/threads/:ts`
 * - `GET  /_fake/ephemerals[?channel=&user=]`
 * - `GET  /_fake/responses[/:id]`
 * - `POST /_fake/response-urls` `{ channel?, user?, messageTs? }` → `{ url }`
 * - `POST /_fake/reset`
 */
export function handleControl(fake: FakeSlackState, method: string, url: URL, body: Buffer, res: ServerResponse): void {
  const parts = url.pathname.split('/').filter(Boolean).slice(1).map(decodeURIComponent);
  const [resource, id, sub, subId] = parts;
  if (method === 'GET' && resource === 'calls') {
    const only = url.searchParams.get('method');
    return sendJson(res, 200, { calls: only ? fake.callsOf(only) : fake.calls });
  }
  if (method === 'GET' && resource === 'channels' && id && sub === 'messages') return sendJson(res, 200, { messages: fake.messages(id) });
  if (method === 'GET' && resource === 'channels' && id && sub === 'threads' && subId) return sendJson(res, 200, { messages: fake.thread(id, subId) });
  if (method === 'GET' && resource === 'ephemerals') {
    const channel = url.searchParams.get('channel');
    const user = url.searchParams.get('user');
    return sendJson(res, 200, { ephemerals: fake.ephemerals({ ...(channel ? { channel } : {}), ...(user ? { user } : {}) }) });
  }
  if (method === 'GET' && resource === 'responses') return sendJson(res, 200, { responses: fake.responses(id) });
  if (method === 'POST' && resource === 'response-urls') {
    const options = body.length > 0 ? (JSON.parse(body.toString('utf8')) as JsonObject) : {};
    const pick = (key: string) => (typeof options[key] === 'string' ? { [key]: options[key] } : {});
    return sendJson(res, 200, { url: fake.responseUrl({ ...pick('channel'), ...pick('user'), ...pick('messageTs') }) });
  }
  if (method === 'POST' && resource === 'reset') {
    fake.reset();
    return sendJson(res, 200, { ok: true });
  }
  sendJson(res, 404, { ok: false, error: 'not_found' });
}
