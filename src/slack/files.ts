import type { WebClient } from '@slack/web-api';
import { SlackError } from '../errors.ts';
import { slackCall } from './slack-api.ts';

export interface ChartUpload {
  /** Channel id the chart is shared in. */
  channel: string;
  /** The parent message's ts, to share the chart in its thread. */
  threadTs?: string;
  /** File name shown in Slack; `.png` is added when missing. */
  filename: string;
  /** File title shown above the image. */
  title: string;
  /** The PNG bytes (renderLineChart's output). */
  png: Buffer;
  /** What the chart shows, for screen readers. */
  altText: string;
}

/** The method name failures are reported under: the three steps are one operation here. */
const METHOD = 'files.uploadV2';

/**
 * Uploads a chart PNG and shares it in a channel or thread through Slack's external upload
 * flow (files.getUploadURLExternal → POST of the bytes to the upload URL →
 * files.completeUploadExternal), as `WebClient.filesUploadV2` performs it. Needs the
 * `files:write` scope. Returns the file id.
 *
 * Not idempotent: each call makes a new file. When it fails with `mayHaveBeenApplied`
 * true (the complete step's answer was lost), the chart may already be in the channel,
 * and trying again may show it twice.
 *
 * @throws SlackError for any failure of the three steps (platform errors by their code,
 * rate limits with `retryAfterMs`, HTTP failures of the upload URL as `http_<status>`).
 */
export async function uploadChart(client: WebClient, upload: ChartUpload): Promise<string> {
  const filename = /\.png$/i.test(upload.filename) ? upload.filename : `${upload.filename}.png`;
  const file = { file: upload.png, filename, title: upload.title, alt_text: upload.altText };
  // Two calls rather than a spread: the client's types take a thread only with a channel.
  const result = await slackCall(METHOD, () =>
    upload.threadTs
      ? client.filesUploadV2({ ...file, channel_id: upload.channel, thread_ts: upload.threadTs })
      : client.filesUploadV2({ ...file, channel_id: upload.channel }),
  );
  const id = result.files[0]?.files?.[0]?.id;
  if (!id) throw new SlackError(METHOD, 'missing_file_id', false);
  return id;
}
