import { createCanvas, loadImage } from '@napi-rs/canvas';
import { afterEach, describe, expect, it } from 'vitest';
import { processHealthTick } from '../../jobs/watchers/health.ts';
import { seedEndpoints } from '../../src/sandbox/aws-emulator/index.ts';
import { waitFor } from '../helpers/wait-for.ts';
import type { World } from '../helpers/world.ts';
import { ALERTS, alertMessages, alertThread, HOUR, latencyNow, MINUTE, settled, startWatcherWorld, textOf, tickAfter } from './watchers-helpers.ts';

const health = (consecutiveBreaches: number) => `
  health: { every: 1h, window: 5m, p99LatencyMs: 500, errorRate: 0.01, consecutiveBreaches: ${consecutiveBreaches}, idleDays: 7 }
`;

/** Width and height from a PNG's IHDR chunk (after the 8-byte signature and the chunk header). */
function pngSize(png: Buffer): { width: number; height: number } {
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe('the endpoint health watcher', () => {
  let world: World;
  afterEach(async () => {
    await world?.close();
  });

  describe('run by its job scheduler every 300 ms', () => {
    it('alerts once for an endpoint that stays slow, and stays quiet tick after tick', async () => {
      world = await startWatcherWorld(`
  health: { every: 300ms, window: 5m, p99LatencyMs: 500, consecutiveBreaches: 2 }
`);
      const [endpoint = ''] = seedEndpoints(world.emulator, 1, { prefix: 'api' });
      world.emulator.scenarios.latencySpike({ endpoint, p99Ms: 1_200, from: world.emulator.clock.now() - HOUR });
      const ticks = async () => (await world.ctx.metrics.watcherTicks.get()).values.filter((v) => v.labels['watcher'] === 'health').reduce((n, v) => n + v.value, 0);
      const alert = await waitFor(() => alertMessages(world)[0], { message: 'the alert, from scheduled ticks alone' });
      expect(textOf(alert)).toContain(`Slow p99 latency on ${endpoint}`);
      const seen = await ticks();
      await waitFor(async () => (await ticks()) >= seen + 4, { message: 'four more scheduled ticks' });
      await settled(world);
      expect(alertMessages(world)).toHaveLength(1);
      expect(alertThread(world, alert).filter((m) => m.via !== 'files.completeUploadExternal')).toHaveLength(0);
    });
  });

  describe('with a p99 latency that flaps over and under the threshold', () => {
    it('does not alert every tick, and alerts once when it stays over for three ticks in a row', async () => {
      world = await startWatcherWorld(health(3));
      const [endpoint = ''] = seedEndpoints(world.emulator, 1, { prefix: 'api' });
      for (let i = 0; i < 8; i += 1) {
        world.emulator.clock.advance(5 * MINUTE);
        if (i % 2 === 0) latencyNow(world, endpoint, 900);
        await tickAfter(world, 0, processHealthTick);
      }
      expect(alertMessages(world)).toHaveLength(0);

      for (let i = 0; i < 2; i += 1) {
        world.emulator.clock.advance(5 * MINUTE);
        latencyNow(world, endpoint, 900);
        await tickAfter(world, 0, processHealthTick);
      }
      expect(alertMessages(world)).toHaveLength(0);
      world.emulator.clock.advance(5 * MINUTE);
      latencyNow(world, endpoint, 900);
      await tickAfter(world, 0, processHealthTick);
      expect(alertMessages(world)).toHaveLength(1);
      expect(textOf(alertMessages(world)[0])).toContain('Slow p99 latency on api-0001');
      expect(textOf(alertMessages(world)[0])).toContain('900 ms');

      // Flapping while open does not resolve it either.
      for (let i = 0; i < 4; i += 1) {
        world.emulator.clock.advance(5 * MINUTE);
        if (i % 2 === 1) latencyNow(world, endpoint, 900);
        await tickAfter(world, 0, processHealthTick);
      }
      const alert = alertMessages(world)[0]!;
      expect(alertMessages(world)).toHaveLength(1);
      expect(alertThread(world, alert).some((m) => m.text.includes('Resolved'))).toBe(false);
    });
  });

  describe('when AWS throttles in the middle of a tick', () => {
    it('posts no false alert and no false resolve, and tells the truth on the first tick that can read', async () => {
      world = await startWatcherWorld(health(1));
      const [slow = '', fine = ''] = seedEndpoints(world.emulator, 2, { prefix: 'api' });
      world.emulator.clock.advance(5 * MINUTE);
      latencyNow(world, slow, 900);
      await tickAfter(world, 0, processHealthTick);
      expect(alertMessages(world)).toHaveLength(1);
      const alert = alertMessages(world)[0]!;

      // Now the slow one recovers and the fine one slows down, but the reads fail.
      const storms = [
        { operation: 'GetMetricData', error: 'ThrottlingException' },
        { operation: 'GetMetricData', error: 'ThrottlingException', times: 1 },
        { operation: 'ListEndpoints', error: 'ThrottlingException' },
        { operation: 'GetMetricData', error: 'ServiceUnavailable' },
      ];
      for (const storm of storms) {
        world.emulator.clock.advance(5 * MINUTE);
        latencyNow(world, fine, 900);
        const fault = world.emulator.faults.inject(storm);
        await expect(processHealthTick(world.ctx)).rejects.toThrow();
        world.emulator.faults.remove(fault);
        await settled(world);
      }
      // Per-query failures (CloudWatch answers, but a query's StatusCode is InternalError).
      world.emulator.clock.advance(5 * MINUTE);
      latencyNow(world, fine, 900);
      const failure = world.emulator.scenarios.queryFailure({ namespace: 'AWS/SageMaker', metricName: 'ModelLatency' });
      const partial = await tickAfter(world, 0, processHealthTick);
      expect(partial.unknown).toBeGreaterThanOrEqual(2);
      world.emulator.scenarios.end(failure);

      expect(world.emulator.callsOf('GetMetricData').some((call) => call.error === 'ThrottlingException')).toBe(true);
      expect(alertMessages(world)).toHaveLength(1);
      expect(alertThread(world, alert).some((m) => m.text.includes('Resolved'))).toBe(false);
      expect((await world.ctx.alerts.get(`health:${slow}:p99-latency`))?.status).toBe('open');

      // The storm is over: the slow one resolves, the fine one (now slow) alerts.
      world.emulator.clock.advance(5 * MINUTE);
      latencyNow(world, fine, 900);
      await tickAfter(world, 0, processHealthTick);
      expect(alertThread(world, alert).filter((m) => m.text.includes('Resolved'))).toHaveLength(1);
      expect(alertMessages(world)).toHaveLength(2);
      expect(textOf(alertMessages(world)[1])).toContain(fine);
    });
  });

  describe('when an alert opens', () => {
    it('uploads its chart into the alert’s thread as an 800×400 PNG', async () => {
      world = await startWatcherWorld(health(1));
      const [endpoint = ''] = seedEndpoints(world.emulator, 1, { prefix: 'api' });
      world.emulator.clock.advance(5 * MINUTE);
      latencyNow(world, endpoint, 900, 30 * MINUTE);
      await tickAfter(world, 0, processHealthTick);
      const alert = alertMessages(world)[0]!;
      expect(textOf(alert)).toContain('Chart below');

      const upload = await waitFor(() => alertThread(world, alert).find((m) => m.via === 'files.completeUploadExternal'), { message: 'the chart in the thread' });
      expect(upload.thread_ts).toBe(alert.ts);
      const file = world.slack.files().find((f) => f.id === upload.files?.[0]?.id);
      expect(file?.completed).toBe(true);
      expect(file?.name).toBe(`health-${endpoint}.png`);
      const png = file?.content ?? Buffer.alloc(0);
      expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
      expect(png.subarray(12, 16).toString('latin1')).toBe('IHDR');
      expect(pngSize(png)).toEqual({ width: 800, height: 400 });
      // A real image, not an empty canvas: a plain 800×400 PNG compresses to well under this.
      expect(png.length).toBeGreaterThan(10_000);
      expect(png.subarray(-8, -4).toString('latin1')).toBe('IEND');
      // It decodes, to that size, with more than one colour in it (axes, a line, a threshold).
      const image = await loadImage(png);
      expect({ width: image.width, height: image.height }).toEqual({ width: 800, height: 400 });
      const canvas = createCanvas(image.width, image.height);
      const context = canvas.getContext('2d');
      context.drawImage(image, 0, 0);
      const pixels = context.getImageData(0, 0, image.width, image.height).data;
      const colours = new Set<number>();
      for (let i = 0; i < pixels.length && colours.size < 10; i += 4 * 97) colours.add((pixels[i]! << 16) | (pixels[i + 1]! << 8) | pixels[i + 2]!);
      expect(colours.size).toBeGreaterThan(2);

      // Later ticks do not upload it again.
      await tickAfter(world, 5 * MINUTE, processHealthTick);
      expect(world.slack.files()).toHaveLength(1);
      expect(world.slack.messages(ALERTS)).toHaveLength(1);
    });
  });

  describe('over 1,000 InService endpoints', () => {
    it('reads them with at most 9 GetMetricData calls and 11 ListEndpoints pages', async () => {
      world = await startWatcherWorld(health(3));
      seedEndpoints(world.emulator, 1_000);
      const before = { metrics: world.emulator.callsOf('GetMetricData').length, pages: world.emulator.callsOf('ListEndpoints').length };
      const result = await tickAfter(world, MINUTE, processHealthTick);
      const metrics = world.emulator.callsOf('GetMetricData').slice(before.metrics);
      const pages = world.emulator.callsOf('ListEndpoints').slice(before.pages);
      expect(result.endpoints).toBe(1_000);
      expect(result.unknown).toBe(0);
      expect(metrics.length).toBeLessThanOrEqual(9);
      expect(pages.length).toBeLessThanOrEqual(11);
      expect(metrics.every((call) => call.status === 200)).toBe(true);
      // Healthy endpoints: nothing to say, and no per-endpoint calls.
      expect(alertMessages(world)).toHaveLength(0);
      expect(world.emulator.calls.filter((call) => call.operation.startsWith('Describe')).length).toBe(0);
    });
  });
});
