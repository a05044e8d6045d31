import type { Job } from 'bullmq';
import type { AppContext } from '../src/context.ts';
import type { EndpointsPayload } from '../src/queue/payloads.ts';
import { endpointsList, type EndpointRow } from '../src/slack/blocks/deploy.ts';
import { respond } from '../src/slack/respond.ts';

/** How many endpoints `/sm endpoints` describes (one call each) and shows. */
const SHOWN = 30;

/** `/sm endpoints`: each endpoint's status, live version, instances and who deployed it last. */
export async function processEndpoints(_job: Job<EndpointsPayload>, payload: EndpointsPayload, ctx: AppContext): Promise<void> {
  const summaries = (await ctx.deploy.listEndpoints()).slice(0, SHOWN);
  const rows: EndpointRow[] = await Promise.all(
    summaries.map(async (summary) => {
      const [view, live] = await Promise.all([ctx.deploy.describeEndpoint(summary.name).catch(() => undefined), ctx.deployments.live(summary.name)]);
      const variant = view?.variants[0];
      return {
        name: summary.name,
        status: view?.status ?? summary.status,
        ...(live ? { stage: live.stage, group: live.group, liveVersion: live.version, lastDeployedBy: live.deployedBy, lastDeployedAt: live.at } : {}),
        ...(variant?.currentInstances !== undefined ? { currentInstances: variant.currentInstances } : {}),
        ...(variant?.desiredInstances !== undefined ? { desiredInstances: variant.desiredInstances } : {}),
        ...(view?.failureReason ? { failureReason: view.failureReason } : {}),
      };
    }),
  );
  if (payload.responseUrl) await respond(payload.responseUrl, endpointsList(rows));
}
