import type { Json, JsonObject, RecordedResponse } from './types.ts';
import { validateBlocks, LIMITS } from './validate.ts';
import type { Workspace } from './workspace.ts';

/** Slack lets a response_url be used 5 times within 30 minutes. */
export const RESPONSE_URL_MAX_USES = 5;
export const RESPONSE_URL_TTL_MS = 30 * 60_000;

export interface ResponseUrlOptions {
  /** Channel the interaction came from: in_channel replies and ephemerals go there. */
  channel?: string;
  /** User who interacted: ephemeral replies are theirs. */
  user?: string;
  /** The message the interaction came from: replace_original / delete_original act on it. */
  messageTs?: string;
  /** @defaultValue 5 */
  maxUses?: number;
  /** @defaultValue 30 minutes */
  ttlMs?: number;
}

interface Minted extends ResponseUrlOptions {
  id: string;
  createdAt: number;
  uses: number;
}

/** response_urls minted by the fake, and what was POSTed to each. */
export class ResponseUrls {
  private readonly minted = new Map<string, Minted>();
  readonly recorded: RecordedResponse[] = [];
  private counter = 0;

  constructor(
    private readonly workspace: Workspace,
    private readonly now: () => number,
  ) {}

  mint(options: ResponseUrlOptions = {}): string {
    this.counter += 1;
    const id = `R${this.counter.toString().padStart(6, '0')}${Math.random().toString(36).slice(2, 8)}`;
    this.minted.set(id, { ...options, id, createdAt: this.now(), uses: 0 });
    return id;
  }

  /** Handles one POST; returns the HTTP status and JSON body to answer. */
  handle(id: string, body: JsonObject): { status: number; body: JsonObject } {
    const minted = this.minted.get(id);
    if (!minted) return { status: 404, body: { ok: false, error: 'invalid_url' } };
    const responseType = body['response_type'] === 'in_channel' ? 'in_channel' : 'ephemeral';
    const replaceOriginal = body['replace_original'] === true || body['replace_original'] === 'true';
    const deleteOriginal = body['delete_original'] === true || body['delete_original'] === 'true';
    const text = typeof body['text'] === 'string' ? body['text'] : undefined;
    const blocks = Array.isArray(body['blocks']) ? (body['blocks'] as Json[]) : undefined;
    const record = (status: number, error?: string): { status: number; body: JsonObject } => {
      this.recorded.push({
        id,
        at: this.now(),
        body,
        response_type: responseType,
        replace_original: replaceOriginal,
        delete_original: deleteOriginal,
        status,
        ...(text !== undefined ? { text } : {}),
        ...(blocks ? { blocks } : {}),
        ...(error ? { error } : {}),
      });
      return { status, body: error ? { ok: false, error } : { ok: true } };
    };
    if (this.now() - minted.createdAt > (minted.ttlMs ?? RESPONSE_URL_TTL_MS)) return record(404, 'expired_url');
    if (minted.uses >= (minted.maxUses ?? RESPONSE_URL_MAX_USES)) return record(404, 'used_url');
    if (!deleteOriginal && !text && !blocks) return record(400, 'no_text');
    if (text && text.length > LIMITS.messageText) return record(400, 'msg_too_long');
    const invalid = validateBlocks(body['blocks'], LIMITS.messageBlocks);
    if (invalid) return record(400, invalid.error);
    minted.uses += 1;
    this.apply(minted, { responseType, replaceOriginal, deleteOriginal, text, blocks, threadTs: typeof body['thread_ts'] === 'string' ? body['thread_ts'] : undefined });
    return record(200);
  }

  /** Slack's semantics on the workspace model, where the minted URL says which message and user. */
  private apply(
    minted: Minted,
    r: { responseType: string; replaceOriginal: boolean; deleteOriginal: boolean; text?: string | undefined; blocks?: Json[] | undefined; threadTs?: string | undefined },
  ): void {
    const { channel, user, messageTs } = minted;
    if (!channel) return;
    const original = messageTs ? this.workspace.find(channel, messageTs) : undefined;
    if (r.deleteOriginal) {
      if (messageTs) this.workspace.remove(channel, messageTs);
      return;
    }
    if (r.replaceOriginal && original) {
      this.workspace.update(original, { text: r.text ?? original.text, ...(r.blocks ? { blocks: r.blocks } : {}) });
      return;
    }
    if (r.responseType === 'in_channel') {
      this.workspace.post({ channel, text: r.text ?? '', via: 'response_url', ...(r.blocks ? { blocks: r.blocks } : {}), ...(r.threadTs ? { threadTs: r.threadTs } : {}) });
      return;
    }
    if (user) {
      this.workspace.postEphemeral({ channel, user, text: r.text ?? '', via: 'response_url', ...(r.blocks ? { blocks: r.blocks } : {}), ...(r.threadTs ? { thread_ts: r.threadTs } : {}) });
    }
  }

  reset(): void {
    this.recorded.length = 0;
  }
}
