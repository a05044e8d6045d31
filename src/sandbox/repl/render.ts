import { padVisible, visibleWidth, type Styles } from './ansi.ts';
import { renderMrkdwn, renderPlainText, type MrkdwnContext } from './mrkdwn.ts';

/*
 * Block Kit → terminal text, as the sandbox shows Slack messages: header bold and
 * underlined, sections with their fields in two columns, context dimmed, buttons numbered
 * `[1 Stop]` so `press 1` can click them. Input is whatever JSON the bot sent, so every
 * shape is checked rather than trusted. Pure: blocks in, string out.
 */

/** A button as the sandbox needs it to click it. */
export interface ButtonInfo {
  actionId: string;
  text: string;
  value?: string;
  blockId?: string;
  style?: 'primary' | 'danger';
  /** The confirmation dialog Slack would show before sending the click. */
  confirm?: { title: string; text: string; confirm: string; deny: string };
}

export interface RenderOptions extends MrkdwnContext {
  /** The number to show on the n-th button of the message (0-based, in display order). @defaultValue n + 1 */
  buttonNumber?: (button: ButtonInfo, index: number) => number;
  /** Width of a field column; when a field is wider, fields go one per line. @defaultValue 34 */
  fieldWidth?: number;
}

type Obj = Record<string, unknown>;
const isObj = (value: unknown): value is Obj => typeof value === 'object' && value !== null && !Array.isArray(value);
const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** A text object (plain_text or mrkdwn) as terminal text. */
export function renderTextObject(value: unknown, options: RenderOptions): string {
  if (!isObj(value)) return '';
  const text = str(value['text']) ?? '';
  return value['type'] === 'plain_text' ? renderPlainText(text, value['emoji'] !== false) : renderMrkdwn(text, options);
}

function plain(value: unknown): string {
  return isObj(value) ? (str(value['text']) ?? '') : '';
}

function buttonInfo(element: Obj, blockId: string | undefined): ButtonInfo {
  const confirm = isObj(element['confirm']) ? element['confirm'] : undefined;
  const style = element['style'];
  const value = str(element['value']);
  return {
    actionId: str(element['action_id']) ?? '',
    text: plain(element['text']),
    ...(value !== undefined ? { value } : {}),
    ...(blockId !== undefined ? { blockId } : {}),
    ...(style === 'primary' || style === 'danger' ? { style } : {}),
    ...(confirm
      ? { confirm: { title: plain(confirm['title']), text: plain(confirm['text']), confirm: plain(confirm['confirm']) || 'Yes', deny: plain(confirm['deny']) || 'Cancel' } }
      : {}),
  };
}

/** Every button of the blocks (actions elements and section accessories), in display order. */
export function listButtons(blocks: unknown): ButtonInfo[] {
  if (!Array.isArray(blocks)) return [];
  const buttons: ButtonInfo[] = [];
  for (const block of blocks) {
    if (!isObj(block)) continue;
    const blockId = str(block['block_id']);
    if (block['type'] === 'section' && isObj(block['accessory']) && block['accessory']['type'] === 'button') buttons.push(buttonInfo(block['accessory'], blockId));
    if (block['type'] === 'actions' && Array.isArray(block['elements'])) {
      for (const element of block['elements']) if (isObj(element) && element['type'] === 'button') buttons.push(buttonInfo(element, blockId));
    }
  }
  return buttons;
}

/** `[1 Stop training]`, red when dangerous, green when primary. */
export function renderButton(button: ButtonInfo, number: number, styles: Styles): string {
  const label = `[${number} ${renderPlainText(button.text)}]`;
  if (button.style === 'danger') return styles.bold(styles.red(label));
  if (button.style === 'primary') return styles.bold(styles.green(label));
  return styles.bold(label);
}

/** A field "*Label*\nvalue" reads best as "Label: value". */
function renderField(field: unknown, options: RenderOptions): string {
  if (isObj(field) && field['type'] === 'mrkdwn') {
    const text = str(field['text']) ?? '';
    const [first = '', ...rest] = text.split('\n');
    if (rest.length > 0 && /^\*[^*]+\*$/.test(first.trim())) {
      return `${renderMrkdwn(first.trim(), options)}: ${renderMrkdwn(rest.join(' '), options)}`;
    }
    return renderMrkdwn(text.replace(/\n/g, ' '), options);
  }
  return renderTextObject(field, options).replace(/\n/g, ' ');
}

function renderFields(fields: unknown[], options: RenderOptions): string[] {
  const cells = fields.map((field) => renderField(field, options));
  // A fixed column width, so a message updated in place keeps its layout.
  const width = options.fieldWidth ?? 34;
  if (cells.some((cell) => visibleWidth(cell) > width)) return cells;
  const rows: string[] = [];
  for (let i = 0; i < cells.length; i += 2) {
    const right = cells[i + 1];
    rows.push(right === undefined ? (cells[i] ?? '') : `${padVisible(cells[i] ?? '', width + 2)}${right}`);
  }
  return rows;
}

/** Alt text, a placeholder or the type, for elements the sandbox cannot click. */
function otherElement(element: Obj, options: RenderOptions): string {
  const placeholder = plain(element['placeholder']) || str(element['alt_text']) || plain(element['text']);
  return options.styles.dim(`[${str(element['type']) ?? 'element'}${placeholder ? `: ${placeholder}` : ''}]`);
}

/** A modal's input block: its label (and whether it may be left empty), the empty field, the hint. */
function renderInput(block: Obj, options: RenderOptions): string[] {
  const { styles } = options;
  const element = isObj(block['element']) ? block['element'] : {};
  const limit = typeof element['max_length'] === 'number' ? `, up to ${element['max_length']} characters` : '';
  const lines = [`${styles.bold(renderPlainText(plain(block['label'])))} ${styles.dim(`(${block['optional'] === true ? 'optional' : 'required'}${limit})`)}`, otherElement(element, options)];
  const hint = plain(block['hint']);
  if (hint) lines.push(styles.dim(renderPlainText(hint)));
  return lines;
}

function renderBlock(block: Obj, options: RenderOptions, nextButton: (button: ButtonInfo) => string): string[] {
  const { styles } = options;
  const blockId = str(block['block_id']);
  switch (block['type']) {
    case 'header': {
      const text = renderPlainText(plain(block['text']));
      return styles.enabled ? [styles.bold(styles.underline(text))] : [text, '═'.repeat(Math.max(3, visibleWidth(text)))];
    }
    case 'section': {
      const lines: string[] = [];
      const text = block['text'] !== undefined ? renderTextObject(block['text'], options) : '';
      if (text) lines.push(...text.split('\n'));
      if (Array.isArray(block['fields'])) lines.push(...renderFields(block['fields'], options));
      const accessory = block['accessory'];
      if (isObj(accessory)) {
        const shown = accessory['type'] === 'button' ? nextButton(buttonInfo(accessory, blockId)) : otherElement(accessory, options);
        if (lines.length === 0) lines.push(shown);
        else lines[lines.length - 1] += `  ${shown}`;
      }
      return lines;
    }
    case 'context': {
      const elements = Array.isArray(block['elements']) ? block['elements'] : [];
      const parts = elements.map((element) => (isObj(element) && element['type'] === 'image' ? `[${str(element['alt_text']) ?? 'image'}]` : renderTextObject(element, options)));
      return parts.join('  ').split('\n').map(styles.dim);
    }
    case 'actions': {
      const elements = Array.isArray(block['elements']) ? block['elements'] : [];
      const parts = elements.filter(isObj).map((element) => (element['type'] === 'button' ? nextButton(buttonInfo(element, blockId)) : otherElement(element, options)));
      return parts.length > 0 ? [parts.join('  ')] : [];
    }
    case 'input':
      return renderInput(block, options);
    case 'divider':
      return [styles.dim('─'.repeat(40))];
    case 'image':
      return [styles.dim(`[image: ${str(block['alt_text']) ?? plain(block['title']) ?? ''}]`)];
    default:
      return [styles.dim(`[${str(block['type']) ?? 'unknown'} block]`)];
  }
}

/** Blocks as lines of terminal text (no trailing newline). */
export function renderBlocks(blocks: readonly unknown[], options: RenderOptions): string {
  let index = 0;
  const nextButton = (button: ButtonInfo): string => {
    const number = options.buttonNumber ? options.buttonNumber(button, index) : index + 1;
    index += 1;
    return renderButton(button, number, options.styles);
  };
  const lines: string[] = [];
  for (const block of blocks) if (isObj(block)) lines.push(...renderBlock(block, options, nextButton));
  return lines.join('\n');
}

/** A message: its blocks when it has any, else its text (which is mrkdwn). */
export function renderMessage(message: { text?: unknown; blocks?: unknown }, options: RenderOptions): string {
  if (Array.isArray(message.blocks) && message.blocks.length > 0) return renderBlocks(message.blocks, options);
  return renderMrkdwn(str(message.text) ?? '', options);
}

/** Prefixes every line (for indenting a message under its heading, or a reply under its parent). */
export function indent(text: string, prefix: string): string {
  return text
    .split('\n')
    .map((line) => prefix + line)
    .join('\n');
}
