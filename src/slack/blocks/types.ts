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
