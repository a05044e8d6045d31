import { describe, expect, it } from 'vitest';
import {
  buildBlockActionBody,
  buildSlashCommandBody,
  computeSlackSignature,
  signSlackRequest,
} from '../../src/sandbox/slack-signer.ts';

// Slack's documented example ("Verifying requests from Slack"). Note the token is
// xyzz0WbapA4vBCDEFasx0q6G, as in Slack's page: other copies of this body do not match.
const SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const TIMESTAMP = 1531420618;
const BODY =
  'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';

describe('the Slack request signer', () => {
  it("reproduces the signature of Slack's documented example", () => {
    expect(computeSlackSignature(SECRET, TIMESTAMP, BODY)).toBe('v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503');
  });

  it('puts the timestamp it signed with in the timestamp header', () => {
    const headers = signSlackRequest(SECRET, BODY, TIMESTAMP);
    expect(headers['X-Slack-Request-Timestamp']).toBe(String(TIMESTAMP));
    expect(headers['X-Slack-Signature']).toBe(computeSlackSignature(SECRET, TIMESTAMP, BODY));
  });

  it('gives a different signature when one byte of the body changes', () => {
    expect(computeSlackSignature(SECRET, TIMESTAMP, `${BODY}x`)).not.toBe(computeSlackSignature(SECRET, TIMESTAMP, BODY));
  });

  describe('a slash command body', () => {
    const build = () =>
      new URLSearchParams(buildSlashCommandBody({ user: 'U0ALICE', channel: 'C0OPS', text: 'train churn-xgb count=2', responseUrl: 'http://127.0.0.1:1/response/R1' }));

    it('carries every field Slack sends, form-encoded', () => {
      const form = build();
      expect(Object.fromEntries(form)).toMatchObject({
        team_id: 'T0FAKE',
        channel_id: 'C0OPS',
        user_id: 'U0ALICE',
        command: '/sm',
        text: 'train churn-xgb count=2',
        response_url: 'http://127.0.0.1:1/response/R1',
      });
      for (const field of ['token', 'team_domain', 'channel_name', 'user_name', 'api_app_id', 'trigger_id']) expect(form.get(field)).toBeTruthy();
    });

    it('has a new trigger_id each time', () => {
      expect(build().get('trigger_id')).not.toBe(build().get('trigger_id'));
    });
  });

  describe('a button click body', () => {
    it('is a block_actions payload naming the user, the message and the action', () => {
      const body = buildBlockActionBody({ user: 'U0ALICE', channel: 'C0APPROVALS', messageTs: '1700000000.000100', actionId: 'approve', value: 'apr-1' });
      const payload = JSON.parse(new URLSearchParams(body).get('payload') ?? '{}') as Record<string, unknown>;
      expect(payload).toMatchObject({
        type: 'block_actions',
        user: { id: 'U0ALICE' },
        channel: { id: 'C0APPROVALS' },
        container: { message_ts: '1700000000.000100', channel_id: 'C0APPROVALS' },
        message: { ts: '1700000000.000100' },
        actions: [{ action_id: 'approve', block_id: 'actions', value: 'apr-1' }],
      });
      expect(payload['trigger_id']).toEqual(expect.any(String));
      expect(payload['response_url']).toEqual(expect.any(String));
    });
  });
});
