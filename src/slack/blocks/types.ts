/*
 * The slice of Block Kit the bot uses, typed here so the builders import nothing
 * (@slack/types would be the only reason to). Shapes follow api.slack.com/reference/block-kit.
 */

export interface PlainText {
  type: 'plain_text';
  text: string;
  emoji?: boolean;
}

export interface Mrkdwn {
  type: 'mrkdwn';
  text: string;
  /** True: Slack does not auto-link URLs, channel names or @mentions typed as text. */
  verbatim?: boolean;
}

export type TextObject = PlainText | Mrkdwn;

export interface ConfirmDialog {
  title: PlainText;
  text: PlainText | Mrkdwn;
  confirm: PlainText;
  deny: PlainText;
  style?: 'primary' | 'danger';
}

export interface ButtonElement {
  type: 'button';
  text: PlainText;
  action_id: string;
  /** Only an opaque id: every decision is re-checked on the server. */
  value?: string;
  style?: 'primary' | 'danger';
  confirm?: ConfirmDialog;
}

export interface SectionBlock {
  type: 'section';
  block_id?: string;
  text?: TextObject;
  fields?: TextObject[];
  accessory?: ButtonElement;
}

export interface ContextBlock {
  type: 'context';
  block_id?: string;
  elements: TextObject[];
}

export interface ActionsBlock {
  type: 'actions';
  block_id?: string;
  elements: ButtonElement[];
}

export interface HeaderBlock {
  type: 'header';
  block_id?: string;
  text: PlainText;
}

export interface DividerBlock {
  type: 'divider';
  block_id?: string;
}

export type Block = SectionBlock | ContextBlock | ActionsBlock | HeaderBlock | DividerBlock;

/** What every builder returns: `text` is the notification fallback, `blocks` the message. */
export interface SlackMessage {
  text: string;
  blocks: Block[];
}

/*
 * Modals (views.open). Input blocks exist only in views, so they stay out of `Block` and
 * fit(): a message can never carry one.
 */

export interface PlainTextInputElement {
  type: 'plain_text_input';
  action_id: string;
  multiline?: boolean;
  min_length?: number;
  max_length?: number;
  placeholder?: PlainText;
}

export interface InputBlock {
  type: 'input';
  block_id: string;
  label: PlainText;
  element: PlainTextInputElement;
  hint?: PlainText;
  /** False (the default) makes Slack require a value before submit. */
  optional?: boolean;
}

export type ModalBlock = Block | InputBlock;

export interface ModalView {
  type: 'modal';
  callback_id: string;
  /** At most 24 characters. */
  title: PlainText;
  submit?: PlainText;
  close?: PlainText;
  /** At most 3,000 characters; comes back verbatim in view_submission. */
  private_metadata?: string;
  blocks: ModalBlock[];
}
