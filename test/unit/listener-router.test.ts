import { describe, expect, it } from 'vitest';
import { oneOf } from '../../handlers/index.ts';

describe('oneOf: the pattern of the single button and modal listeners', () => {
  it('matches each id exactly, and nothing that only contains one', () => {
    const pattern = oneOf(['sm_stop', 'sm_approve']);
    expect(pattern.test('sm_stop')).toBe(true);
    expect(pattern.test('sm_approve')).toBe(true);
    expect(pattern.test('sm_stop2')).toBe(false);
    expect(pattern.test('xsm_approve')).toBe(false);
    expect(pattern.test('sm_reject')).toBe(false);
  });

  it('escapes characters that mean something in a pattern', () => {
    const pattern = oneOf(['a.b', 'c|d']);
    expect(pattern.test('a.b')).toBe(true);
    expect(pattern.test('axb')).toBe(false);
    expect(pattern.test('c')).toBe(false);
    expect(pattern.test('c|d')).toBe(true);
  });
});
