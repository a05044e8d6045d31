import { renderPlainText } from './mrkdwn.ts';
import { renderBlocks, type RenderOptions } from './render.ts';

/*
 * A modal the bot opened, as the sandbox shows and submits it: read from the `view` the bot
 * sent to views.open (JSON, so every shape is checked), rendered for the terminal, checked
 * the way Slack's client checks inputs before it sends anything, and turned into the
 * `state.values` of a view_submission. Pure.
 */

/** One input block the user fills in. */
export interface ModalInput {
  blockId: string;
  actionId: string;
  /** The element type, echoed in state.values ("plain_text_input"). */
  type: string;
  label: string;
  optional: boolean;
  minLength?: number;
  maxLength?: number;
}

export interface Modal {
  /** The view id Slack gave it (views.open's answer). */
  id: string;
  callbackId: string;
  privateMetadata: string;
  title: string;
  submitLabel?: string;
  closeLabel: string;
  blocks: unknown[];
  inputs: ModalInput[];
}

/** What the bot's answer to a view_submission asks Slack to do. */
export type SubmitOutcome =
  | { kind: 'close' }
  | { kind: 'errors'; errors: Record<string, string> }
  | { kind: 'update'; view: Record<string, unknown> }
  | { kind: 'push'; view: Record<string, unknown> }
  | { kind: 'clear' };

type Obj = Record<string, unknown>;
const isObj = (value: unknown): value is Obj => typeof value === 'object' && value !== null && !Array.isArray(value);
const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const plain = (value: unknown): string => (isObj(value) ? (str(value['text']) ?? '') : '');

/** A views.open `view` as a Modal; undefined when it is not a modal. */
export function readModal(id: string, view: unknown): Modal | undefined {
  if (!isObj(view) || view['type'] !== 'modal') return undefined;
  const blocks = Array.isArray(view['blocks']) ? (view['blocks'] as unknown[]) : [];
  const submit = plain(view['submit']);
  return {
    id,
    callbackId: str(view['callback_id']) ?? '',
    privateMetadata: str(view['private_metadata']) ?? '',
    title: plain(view['title']),
    ...(submit ? { submitLabel: submit } : {}),
    closeLabel: plain(view['close']) || 'Cancel',
    blocks,
    inputs: blocks.flatMap((block) => inputOf(block)),
  };
}

function inputOf(block: unknown): ModalInput[] {
  if (!isObj(block) || block['type'] !== 'input' || !isObj(block['element'])) return [];
  const element = block['element'];
  const min = element['min_length'];
  const max = element['max_length'];
  return [
    {
      blockId: str(block['block_id']) ?? '',
      actionId: str(element['action_id']) ?? '',
      type: str(element['type']) ?? 'plain_text_input',
      label: plain(block['label']),
      optional: block['optional'] === true,
      ...(typeof min === 'number' ? { minLength: min } : {}),
      ...(typeof max === 'number' ? { maxLength: max } : {}),
    },
  ];
}

/** The modal as the terminal shows it: title, blocks (inputs as empty fields), and how to answer it. */
export function renderModal(modal: Modal, options: RenderOptions): string {
  const { styles } = options;
  const body = renderBlocks(modal.blocks, options);
  const actions = `${modal.submitLabel ? `${styles.bold(styles.green(`[submit: ${renderPlainText(modal.submitLabel)}]`))}  ` : ''}${styles.bold(`[cancel: ${renderPlainText(modal.closeLabel)}]`)}`;
  return [styles.bold(`┃ ${renderPlainText(modal.title)}`), body, actions, styles.dim(howToAnswer(modal))].join('\n');
}

function howToAnswer(modal: Modal): string {
  if (!modal.submitLabel) return 'Type `cancel` to close it.';
  const typed = modal.inputs.filter((input) => input.type === 'plain_text_input');
  if (typed.length === 0) return `Type \`submit\` to ${modal.submitLabel}, \`cancel\` to close it.`;
  return `Type \`submit <${typed[0]?.label.replace(/\?$/, '').toLowerCase() || 'text'}>\` (or \`submit\` and then the text) to ${modal.submitLabel}, \`cancel\` to close it.`;
}

/**
 * What Slack's client says before sending, when a value breaks the input's own rules
 * (required, min_length, max_length); undefined when it may be sent.
 */
export function checkInput(input: ModalInput, value: string): string | undefined {
  const length = [...value].length;
  // Slack's client only refuses an empty field: spaces are sent, and the bot must judge them.
  if (value === '') return input.optional ? undefined : 'Please complete this required field.';
  if (input.minLength !== undefined && length < input.minLength) return `Please enter at least ${input.minLength} characters.`;
  if (input.maxLength !== undefined && length > input.maxLength) return `Please enter no more than ${input.maxLength} characters (this has ${length}).`;
  return undefined;
}

/** state.values of a view_submission: block_id → action_id → { type, value } (null when left empty, as Slack sends it). */
export function stateValues(inputs: readonly ModalInput[], answers: ReadonlyMap<string, string>): Record<string, Record<string, { type: string; value: string | null }>> {
  const values: Record<string, Record<string, { type: string; value: string | null }>> = {};
  for (const input of inputs) {
    const answer = answers.get(input.blockId);
    values[input.blockId] = { ...values[input.blockId], [input.actionId]: { type: input.type, value: answer ? answer : null } };
  }
  return values;
}

/** The bot's HTTP answer to a view_submission: an empty body (or no response_action) closes the modal. */
export function readSubmitOutcome(body: string): SubmitOutcome {
  let parsed: unknown;
  try {
    parsed = body.trim() ? JSON.parse(body) : {};
  } catch {
    return { kind: 'close' };
  }
  if (!isObj(parsed)) return { kind: 'close' };
  switch (parsed['response_action']) {
    case 'errors': {
      const raw = isObj(parsed['errors']) ? parsed['errors'] : {};
      return { kind: 'errors', errors: Object.fromEntries(Object.entries(raw).map(([block, message]) => [block, String(message)])) };
    }
    case 'update':
      return isObj(parsed['view']) ? { kind: 'update', view: parsed['view'] } : { kind: 'close' };
    case 'push':
      return isObj(parsed['view']) ? { kind: 'push', view: parsed['view'] } : { kind: 'close' };
    case 'clear':
      return { kind: 'clear' };
    default:
      return { kind: 'close' };
  }
}
