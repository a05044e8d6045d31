import { describe, expect, it } from 'vitest';
import { decodeSlackText, tokenize } from '../../src/commands/tokenize.ts';
import { editDistance, suggest } from '../../src/domain/suggest.ts';

function tokens(text: string) {
  const result = tokenize(decodeSlackText(text));
  if (!result.ok) throw new Error(result.error);
  return result.tokens.map((token) => (token.kind === 'word' ? token.value : [token.key, token.value]));
}

describe('decodeSlackText', () => {
  it('decodes the three entities Slack escapes, &amp; last', () => {
    expect(decodeSlackText('a &lt;b&gt; &amp;lt; c')).toBe('a <b> &lt; c');
  });

  it('unwraps links Slack made out of typed URLs', () => {
    expect(decodeSlackText('x=<https://example.com/a|example.com/a> y=<http://b.io>')).toBe('x=example.com/a y=http://b.io');
  });

  it('leaves mentions alone', () => {
    expect(decodeSlackText('<@U123> <#C1|ops> <!here>')).toBe('<@U123> <#C1|ops> <!here>');
  });
});

describe('tokenize', () => {
  it('splits words and key=value pairs on any run of whitespace', () => {
    expect(tokens('  train\u00a0 churn-xgb\teta=0.1 \n count=2 ')).toEqual(['train', 'churn-xgb', ['eta', '0.1'], ['count', '2']]);
  });

  it('keeps quoted values whole and drops the quotes, straight or curly', () => {
    expect(tokens('note="two words" other=\u201cthree little words\u201d "a word"')).toEqual([['note', 'two words'], ['other', 'three little words'], 'a word']);
  });

  it('splits on the first = only', () => {
    expect(tokens('expr=a=b')).toEqual([['expr', 'a=b']]);
  });

  it('keeps an explicitly empty value', () => {
    expect(tokens('note=""')).toEqual([['note', '']]);
  });

  it('drops zero-width characters pasted in', () => {
    expect(tokens('tra\u200bin')).toEqual(['train']);
  });

  it('reports an unclosed quote and a missing key', () => {
    expect(tokenize('note="open')).toMatchObject({ ok: false, error: expect.stringMatching(/never closed/) });
    expect(tokenize('=value')).toMatchObject({ ok: false, error: expect.stringMatching(/has no key/) });
  });
});

describe('suggest', () => {
  it('counts a transposition as one edit', () => {
    expect(editDistance('trian', 'train')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });

  it('suggests the nearest candidate, ignoring case', () => {
    expect(suggest('STAUTS', ['status', 'stop'])).toBe('status');
  });

  it('suggests only within max(2, a third of the length)', () => {
    expect(suggest('jbos', ['jobs'])).toBe('jobs');
    expect(suggest('xyz', ['jobs'])).toBeUndefined();
    expect(suggest('hyperparamtrs', ['hyperparameters'])).toBe('hyperparameters');
  });
});
