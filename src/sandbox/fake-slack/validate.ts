import type { Json, JsonObject, MessageMetadata } from './types.ts';

/** Slack's documented Block Kit and message limits. */
export const LIMITS = {
  messageBlocks: 50,
  viewBlocks: 100,
  sectionText: 3000,
  sectionFields: 10,
  sectionFieldText: 2000,
  headerText: 150,
  contextElements: 10,
  actionsElements: 25,
  blockId: 255,
  messageText: 40_000,
} as const;

/** A Slack error: the `error` code and, like Slack, pointers to what was wrong. */
export interface SlackFailure {
  error: string;
  messages?: string[];
}

const isObject = (value: Json | undefined): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

function textOf(value: Json | undefined): string | undefined {
  return isObject(value) && typeof value['text'] === 'string' ? value['text'] : undefined;
}

function tooLong(limit: number, pointer: string): string {
  return `[ERROR] must be less than ${limit + 1} characters [json-pointer:${pointer}]`;
}

/** Checks a list of blocks against Slack's limits; undefined when valid. */
export function validateBlocks(blocks: Json | undefined, maxBlocks: number): SlackFailure | undefined {
  if (blocks === undefined) return undefined;
  if (!Array.isArray(blocks)) return { error: 'invalid_blocks_format' };
  const messages: string[] = [];
  if (blocks.length > maxBlocks) messages.push(`[ERROR] no more than ${maxBlocks} items allowed [json-pointer:/blocks]`);
  const blockIds = new Set<string>();
  blocks.forEach((block, i) => {
    const at = `/blocks/${i}`;
    if (!isObject(block) || typeof block['type'] !== 'string') {
      messages.push(`[ERROR] missing required field: type [json-pointer:${at}]`);
      return;
    }
    const blockId = block['block_id'];
    if (typeof blockId === 'string') {
      if (blockId.length > LIMITS.blockId) messages.push(tooLong(LIMITS.blockId, `${at}/block_id`));
      if (blockIds.has(blockId)) messages.push(`[ERROR] duplicate block_id [json-pointer:${at}/block_id]`);
      blockIds.add(blockId);
    }
    const text = textOf(block['text']);
    switch (block['type']) {
      case 'section': {
        const fields = block['fields'];
        if (text === undefined && !Array.isArray(fields)) messages.push(`[ERROR] must provide text or fields [json-pointer:${at}]`);
        if (text !== undefined && text.length > LIMITS.sectionText) messages.push(tooLong(LIMITS.sectionText, `${at}/text/text`));
        if (Array.isArray(fields)) {
          if (fields.length > LIMITS.sectionFields) messages.push(`[ERROR] no more than ${LIMITS.sectionFields} items allowed [json-pointer:${at}/fields]`);
          fields.forEach((field, j) => {
            const fieldText = textOf(field);
            if (fieldText !== undefined && fieldText.length > LIMITS.sectionFieldText) messages.push(tooLong(LIMITS.sectionFieldText, `${at}/fields/${j}/text`));
          });
        }
        break;
      }
      case 'header':
        if (text === undefined) messages.push(`[ERROR] missing required field: text [json-pointer:${at}]`);
        else if (text.length > LIMITS.headerText) messages.push(tooLong(LIMITS.headerText, `${at}/text/text`));
        break;
      case 'context': {
        const elements = block['elements'];
        if (!Array.isArray(elements) || elements.length === 0) messages.push(`[ERROR] missing required field: elements [json-pointer:${at}]`);
        else if (elements.length > LIMITS.contextElements) messages.push(`[ERROR] no more than ${LIMITS.contextElements} items allowed [json-pointer:${at}/elements]`);
        break;
      }
      case 'actions': {
        const elements = block['elements'];
        if (!Array.isArray(elements) || elements.length === 0) messages.push(`[ERROR] missing required field: elements [json-pointer:${at}]`);
        else if (elements.length > LIMITS.actionsElements) messages.push(`[ERROR] no more than ${LIMITS.actionsElements} items allowed [json-pointer:${at}/elements]`);
        break;
      }
      default:
        break;
    }
  });
  return messages.length > 0 ? { error: 'invalid_blocks', messages } : undefined;
}

/** chat.postMessage / chat.update / chat.postEphemeral content checks, in Slack's order. */
export function validateMessage(args: JsonObject, options: { requireContent: boolean }): SlackFailure | undefined {
  const text = args['text'];
  const blocks = args['blocks'];
  const attachments = args['attachments'];
  if (options.requireContent && (typeof text !== 'string' || text === '') && blocks === undefined && attachments === undefined) {
    return { error: 'no_text' };
  }
  if (typeof text === 'string' && text.length > LIMITS.messageText) return { error: 'msg_too_long' };
  const blockFailure = validateBlocks(blocks, LIMITS.messageBlocks);
  if (blockFailure) return blockFailure;
  return validateMetadata(args['metadata']);
}

export function validateMetadata(metadata: Json | undefined): SlackFailure | undefined {
  if (metadata === undefined) return undefined;
  if (!isObject(metadata) || typeof metadata['event_type'] !== 'string' || !isObject(metadata['event_payload'])) {
    return { error: 'invalid_metadata_format' };
  }
  return undefined;
}

export function asMetadata(metadata: Json | undefined): MessageMetadata | undefined {
  if (!isObject(metadata) || typeof metadata['event_type'] !== 'string' || !isObject(metadata['event_payload'])) return undefined;
  return { event_type: metadata['event_type'], event_payload: metadata['event_payload'] };
}

export { isObject };
