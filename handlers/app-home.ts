import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { ROLE_NAMES } from '../src/config.ts';
import type { AppContext } from '../src/context.ts';
import { appHomeView } from '../src/slack/blocks/app-home.ts';

/** How many of the user's jobs the Home tab lists. */
const HOME_JOBS = 10;

/** `app_home_opened`: publishes the user's Home tab (roles, recent jobs, what they may run). */
export function appHomeOpened(ctx: AppContext) {
  return async function handleAppHomeOpened({ event, client }: SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs): Promise<void> {
    if (event.tab !== 'home') return;
    const held = await Promise.all(ROLE_NAMES.map(async (role) => ((await ctx.roles.has(event.user, role)) ? role : undefined)));
    const names = await ctx.records.byRequester(event.user, HOME_JOBS);
    const records = await ctx.records.getMany(names);
    const jobs = names.flatMap((name) => {
      const record = records.get(name);
      return record ? [{ name, recipe: record.recipe, createdAt: record.createdAt, ...(record.lastStatus ? { lastStatus: record.lastStatus } : {}) }] : [];
    });
    const view = appHomeView({ roles: held.filter((role) => role !== undefined), jobs, opsChannel: ctx.config.team.channels.ops });
    await client.views.publish({ user_id: event.user, view });
  };
}
