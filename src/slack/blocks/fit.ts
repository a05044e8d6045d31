import { truncate, truncateMrkdwn } from './escape.ts';
import type { Block, ButtonElement, ConfirmDialog, ContextBlock, SlackMessage, TextObject } from './types.ts';

/** Slack's documented limits that the builders must respect (Block Kit reference). */
export const SLACK_LIMITS = {
  blocks: 50,
  sectionText: 3_000,
  sectionFields: 10,
  fieldText: 2_000,
  headerText: 150,
  contextElements: 10,
  contextText: 3_000,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2_000,
  actionId: 255,
  blockId: 255,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  /** Slack truncates `text` longer than this. */
  fallbackText: 40_000,
} as const;

function fitText<T extends TextObject>(object: T, max: number): T {
  const text = object.type === 'mrkdwn' ? truncateMrkdwn(object.text, max) : truncate(object.text, max);
  return text === object.text ? object : { ...object, text };
}

function fitConfirm(confirm: ConfirmDialog): ConfirmDialog {
  return {
    ...confirm,
    title: fitText(confirm.title, SLACK_LIMITS.confirmTitle),
    text: fitText(confirm.text, SLACK_LIMITS.confirmText),
    confirm: fitText(confirm.confirm, SLACK_LIMITS.confirmButton),
    deny: fitText(confirm.deny, SLACK_LIMITS.confirmButton),
  };
}

function fitButton(button: ButtonElement): ButtonElement {
  const fitted: ButtonElement = {
    ...button,
    text: fitText(button.text, SLACK_LIMITS.buttonText),
    action_id: button.action_id.slice(0, SLACK_LIMITS.actionId),
  };
  // A cut value would name something else; the server re-checks it anyway.
  if (button.value !== undefined) fitted.value = button.value.slice(0, SLACK_LIMITS.buttonValue);
  if (button.confirm) fitted.confirm = fitConfirm(button.confirm);
  return fitted;
}

function fitBlock(block: Block): Block | undefined {
  const blockId = block.block_id === undefined ? {} : { block_id: block.block_id.slice(0, SLACK_LIMITS.blockId) };
  switch (block.type) {
    case 'section': {
      const text = block.text && block.text.text.length > 0 ? fitText(block.text, SLACK_LIMITS.sectionText) : undefined;
      const fields = block.fields?.filter((field) => field.text.length > 0).slice(0, SLACK_LIMITS.sectionFields).map((field) => fitText(field, SLACK_LIMITS.fieldText));
      if (!text && (!fields || fields.length === 0)) return undefined;
      return {
        type: 'section',
        ...blockId,
        ...(text ? { text } : {}),
        ...(fields && fields.length > 0 ? { fields } : {}),
        ...(block.accessory ? { accessory: fitButton(block.accessory) } : {}),
      };
    }
    case 'context': {
      const elements = block.elements.filter((element) => element.text.length > 0).slice(0, SLACK_LIMITS.contextElements);
      return elements.length > 0 ? { type: 'context', ...blockId, elements: elements.map((element) => fitText(element, SLACK_LIMITS.contextText)) } : undefined;
    }
    case 'actions': {
      const elements = block.elements.slice(0, SLACK_LIMITS.actionsElements).map(fitButton);
      return elements.length > 0 ? { type: 'actions', ...blockId, elements } : undefined;
    }
    case 'header':
      return block.text.text.length > 0 ? { type: 'header', ...blockId, text: fitText(block.text, SLACK_LIMITS.headerText) } : undefined;
    case 'divider':
      return block;
  }
}

/**
 * Brings a message within Slack's limits, whatever went into it: texts are cut with an
 * ellipsis (never inside an entity or mention), empty blocks are dropped, lists are capped,
 * and blocks beyond 50 are replaced by a note saying how many were left out. Every
 * builder's result passes through here, so oversized input degrades instead of failing.
 */
export function fit(message: SlackMessage): SlackMessage {
  let blocks = message.blocks.map(fitBlock).filter((block): block is Block => block !== undefined);
  if (blocks.length > SLACK_LIMITS.blocks) {
    const kept = blocks.slice(0, SLACK_LIMITS.blocks - 1);
    const note: ContextBlock = { type: 'context', elements: [{ type: 'mrkdwn', text: `…and ${blocks.length - kept.length} more not shown.` }] };
    blocks = [...kept, note];
  }
  const text = truncateMrkdwn(message.text.trim().length > 0 ? message.text : 'SageMaker ChatOps', SLACK_LIMITS.fallbackText);
  return { text, blocks };
}
