import { describe, expect, it } from 'vitest';
import { code, escapeMrkdwn, truncate, truncateMrkdwn } from '../../src/slack/blocks/escape.ts';
import { fit, SLACK_LIMITS } from '../../src/slack/blocks/fit.ts';
import type { Block, SectionBlock } from '../../src/slack/blocks/types.ts';

describe('escapeMrkdwn', () => {
  it('turns mentions and links into harmless text', () => {
    expect(escapeMrkdwn('<!channel> <@U123> <!here> <http://x|y>')).toBe('&lt;!channel&gt; &lt;@U123&gt; &lt;!here&gt; &lt;http://x|y&gt;');
  });

  it('escapes & first, so typed entities stay as typed', () => {
    expect(escapeMrkdwn('a & b &lt; c')).toBe('a &amp; b &amp;lt; c');
  });

  it('leaves formatting characters alone', () => {
    expect(escapeMrkdwn('*bold* _it_ ~s~ `c`')).toBe('*bold* _it_ ~s~ `c`');
  });
});

describe('code', () => {
  it('escapes and replaces backticks that would end the span', () => {
    expect(code('a`b<c')).toBe("`a'b&lt;c`");
  });
});

describe('truncate', () => {
  it('leaves short text alone and cuts long text to the limit with an ellipsis', () => {
    expect(truncate('abc', 3)).toBe('abc');
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(truncate('abcdef', 4)).toHaveLength(4);
  });

  it('never splits a surrogate pair', () => {
    const cut = truncate('ab😀cd', 4);
    expect(cut).toBe('ab…');
  });
});

describe('truncateMrkdwn', () => {
  it('does not cut inside an entity', () => {
    const cut = truncateMrkdwn(`${'a'.repeat(8)}&amp;rest`, 11);
    expect(cut).toBe(`${'a'.repeat(8)}…`);
  });

  it('does not cut inside a mention or date', () => {
    const cut = truncateMrkdwn('hi <@U0123456789> there', 12);
    expect(cut).toBe('hi …');
  });

  it('closes a code block it cuts', () => {
    const cut = truncateMrkdwn(`*Reason*\n\`\`\`${'x'.repeat(100)}\`\`\``, 40);
    expect(cut.length).toBeLessThanOrEqual(40);
    expect(cut.endsWith('…\n```')).toBe(true);
    expect((cut.match(/```/g) ?? []).length % 2).toBe(0);
  });
});

describe('fit', () => {
  it('caps the block count at 50 and says how many were left out', () => {
    const blocks: Block[] = Array.from({ length: 120 }, (_, i) => ({ type: 'section', text: { type: 'mrkdwn', text: `row ${i}` } }));
    const { blocks: fitted } = fit({ text: 'x', blocks });
    expect(fitted).toHaveLength(SLACK_LIMITS.blocks);
    expect(JSON.stringify(fitted.at(-1))).toContain('71 more not shown');
  });

  it('cuts every text to its limit', () => {
    const huge = 'y'.repeat(50_000);
    const { text, blocks } = fit({
      text: huge,
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: huge } },
        { type: 'section', text: { type: 'mrkdwn', text: huge }, fields: Array.from({ length: 15 }, () => ({ type: 'mrkdwn' as const, text: huge })) },
        { type: 'context', elements: Array.from({ length: 15 }, () => ({ type: 'mrkdwn' as const, text: huge })) },
        { type: 'actions', elements: Array.from({ length: 30 }, () => ({ type: 'button' as const, text: { type: 'plain_text' as const, text: huge }, action_id: huge, value: huge })) },
      ],
    });
    expect(text.length).toBeLessThanOrEqual(SLACK_LIMITS.fallbackText);
    const [header, section, context, actions] = blocks as [Extract<Block, { type: 'header' }>, SectionBlock, Extract<Block, { type: 'context' }>, Extract<Block, { type: 'actions' }>];
    expect(header.text.text.length).toBe(SLACK_LIMITS.headerText);
    expect(section.text?.text.length).toBe(SLACK_LIMITS.sectionText);
    expect(section.fields).toHaveLength(SLACK_LIMITS.sectionFields);
    expect(section.fields?.every((field) => field.text.length <= SLACK_LIMITS.fieldText)).toBe(true);
    expect(context.elements).toHaveLength(SLACK_LIMITS.contextElements);
    expect(actions.elements).toHaveLength(SLACK_LIMITS.actionsElements);
    expect(actions.elements.every((button) => button.text.text.length <= SLACK_LIMITS.buttonText && button.action_id.length <= SLACK_LIMITS.actionId)).toBe(true);
  });

  it('drops blocks that would be empty and gives an empty fallback a text', () => {
    const fitted = fit({ text: '  ', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '' } }, { type: 'context', elements: [] }, { type: 'divider' }] });
    expect(fitted.blocks).toEqual([{ type: 'divider' }]);
    expect(fitted.text.trim().length).toBeGreaterThan(0);
  });
});
