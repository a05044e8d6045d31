import type { WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderLineChart } from '../../src/charts/index.ts';
import { SlackError } from '../../src/errors.ts';
import { createLogger } from '../../src/logger.ts';
import { startFakeSlack, type FakeSlack } from '../../src/sandbox/fake-slack/index.ts';
import { uploadChart, type ChartUpload } from '../../src/slack/files.ts';
import { createSlackClient, mayHaveBeenApplied } from '../../src/slack/slack-api.ts';

const TOKEN = 'xoxb-files-test';
const ALERTS = 'C0ALERTS';
const logger = createLogger({ level: 'silent' });
const T0 = Date.parse('2026-03-01T00:00:00Z');

const png = renderLineChart({
  title: 'churn-xgb-prod: feature drift',
  unit: 'drift score',
  series: [{ label: 'tenure', points: Array.from({ length: 48 }, (_, i) => ({ t: T0 + i * 3_600_000, v: i > 30 ? 0.2 : 0.03 })) }],
  threshold: { value: 0.1, label: 'drift threshold 0.1' },
});

let fake: FakeSlack;
let slack: WebClient;

beforeEach(async () => {
  fake = await startFakeSlack({ botToken: TOKEN, channels: [ALERTS] });
  slack = createSlackClient({ token: TOKEN, apiUrl: fake.apiUrl, logger });
});

afterEach(async () => {
  await fake.close();
});

const chart = (overrides: Partial<ChartUpload> = {}): ChartUpload => ({
  channel: ALERTS,
  filename: 'drift-churn-xgb-prod.png',
  title: 'Feature drift, last 2 days',
  png,
  altText: 'Drift of tenure rose from 0.03 to 0.2, above the 0.1 threshold, at 07:00 UTC on Mar 2',
  ...overrides,
});

async function failure(promise: Promise<unknown>): Promise<SlackError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(SlackError);
  return error as SlackError;
}

describe('uploadChart', () => {
  describe('into an alert’s thread', () => {
    it('asks for an upload URL, sends the PNG bytes there, completes the upload, and the chart shows in the thread', async () => {
      const parent = await slack.chat.postMessage({ channel: ALERTS, text: 'Drift on churn-xgb-prod' });
      const threadTs = parent.ts ?? '';

      const id = await uploadChart(slack, chart({ threadTs }));

      const [requested] = fake.callsOf('files.getUploadURLExternal');
      expect(requested?.args).toMatchObject({ filename: 'drift-churn-xgb-prod.png', length: String(png.length), alt_text: chart().altText });

      const [file] = fake.files();
      expect(file?.id).toBe(id);
      expect(file?.content?.equals(png)).toBe(true);
      expect(file).toMatchObject({ name: 'drift-churn-xgb-prod.png', title: 'Feature drift, last 2 days', completed: true, length: png.length });

      const [completed] = fake.callsOf('files.completeUploadExternal');
      expect(completed?.args).toMatchObject({ channel_id: ALERTS, thread_ts: threadTs, files: [{ id, title: 'Feature drift, last 2 days' }] });
      expect(completed?.seq).toBeGreaterThan(requested?.seq ?? Infinity);

      expect(fake.thread(ALERTS, threadTs)).toMatchObject([{ via: 'files.completeUploadExternal', files: [{ id, name: 'drift-churn-xgb-prod.png', size: png.length }] }]);
      // The thread keeps the channel quiet: only the alert itself is at the top level.
      expect(fake.messages(ALERTS).map((m) => m.ts)).toEqual([threadTs]);
    });
  });

  describe('without a thread', () => {
    it('shares the chart in the channel itself', async () => {
      const id = await uploadChart(slack, chart());
      expect(fake.messages(ALERTS)).toMatchObject([{ files: [{ id }] }]);
    });

    it('names the file .png when the name lacks it', async () => {
      await uploadChart(slack, chart({ filename: 'latency-churn-xgb-prod' }));
      expect(fake.files()).toMatchObject([{ name: 'latency-churn-xgb-prod.png' }]);
    });
  });

  describe('when Slack refuses', () => {
    it('reports an unknown channel as a SlackError that retrying will not fix', async () => {
      const error = await failure(uploadChart(slack, chart({ channel: 'C0GONE' })));
      expect(error).toMatchObject({ method: 'files.uploadV2', slackCode: 'channel_not_found', retryable: false });
      expect(fake.messages(ALERTS)).toEqual([]);
    });

    it('reports a rate limit as retryable, with Slack’s delay', async () => {
      fake.faults.rateLimit({ method: 'files.getUploadURLExternal', retryAfterSec: 7 });
      const error = await failure(uploadChart(slack, chart()));
      expect(error).toMatchObject({ slackCode: 'ratelimited', retryable: true, retryAfterMs: 7_000 });
      expect(fake.files()).toEqual([]);
    });

    it('says the chart may be posted already when the completion’s answer is lost', async () => {
      fake.faults.dropResponse({ method: 'files.completeUploadExternal' });
      const error = await failure(uploadChart(slack, chart()));
      expect(error.retryable).toBe(true);
      expect(mayHaveBeenApplied(error)).toBe(true);
      expect(fake.messages(ALERTS)).toHaveLength(1);
    });
  });
});
