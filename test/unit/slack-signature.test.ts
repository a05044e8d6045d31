import { describe, expect, it } from 'vitest';
import { computeSlackSignature } from '../../src/sandbox/slack-signer.ts';
import { slackSignatureValid } from '../../src/slack/signature.ts';

// Slack's documented example ("Verifying requests from Slack"), as in slack-signer.test.ts.
const SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const TIMESTAMP = '1531420618';
const BODY = Buffer.from(
  'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c',
);
const SIGNATURE = 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503';

describe('slackSignatureValid', () => {
  it("accepts Slack's documented example", () => {
    expect(slackSignatureValid(SECRET, TIMESTAMP, BODY, SIGNATURE)).toBe(true);
  });

  it('accepts what the sandbox signer signs, including bodies with non-ASCII text', () => {
    const body = 'text=train%20churn%E2%80%94xgb&user_id=U0BOB';
    expect(slackSignatureValid('s3cret', '1700000000', Buffer.from(body), computeSlackSignature('s3cret', 1700000000, body))).toBe(true);
  });

  it('refuses another secret, another timestamp, or one changed byte of the body', () => {
    expect(slackSignatureValid('another-secret', TIMESTAMP, BODY, SIGNATURE)).toBe(false);
    expect(slackSignatureValid(SECRET, '1531420619', BODY, SIGNATURE)).toBe(false);
    expect(slackSignatureValid(SECRET, TIMESTAMP, Buffer.concat([BODY, Buffer.from('x')]), SIGNATURE)).toBe(false);
  });

  it('refuses a missing, truncated, non-hex or other-version signature, and an empty secret', () => {
    expect(slackSignatureValid(SECRET, TIMESTAMP, BODY, undefined)).toBe(false);
    expect(slackSignatureValid(SECRET, TIMESTAMP, BODY, '')).toBe(false);
    expect(slackSignatureValid(SECRET, TIMESTAMP, BODY, SIGNATURE.slice(0, -2))).toBe(false);
    expect(slackSignatureValid(SECRET, TIMESTAMP, BODY, `${SIGNATURE.slice(0, -1)}z`)).toBe(false);
    expect(slackSignatureValid(SECRET, TIMESTAMP, BODY, SIGNATURE.replace('v0=', 'v1='))).toBe(false);
    expect(slackSignatureValid(SECRET, TIMESTAMP, BODY, SIGNATURE.slice(3))).toBe(false);
    expect(slackSignatureValid('', TIMESTAMP, BODY, SIGNATURE)).toBe(false);
  });
});
