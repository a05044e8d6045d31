/**
 * The bot-token OAuth scopes the app requests, and why. manifest.yml lists exactly these
 * (test/unit/manifest.test.ts checks it): the bot asks for what its code calls and no more.
 * Add a scope here, with the code that needs it, in the same change that starts calling
 * the method; remove it when the last caller goes.
 *
 * No scope is needed for `views.publish` / `views.open` (App Home, modals), `auth.test`,
 * the `app_home_opened` event, or posting to a request's `response_url`.
 */
export const BOT_SCOPES = [
  /** The `/sm` slash command (handlers/ command router). */
  'commands',
  /** chat.postMessage, chat.update, chat.postEphemeral: the outbox (src/slack/outbox.ts). */
  'chat:write',
  /**
   * conversations.history in public channels: after a lost chat.postMessage response the
   * outbox looks up whether the message was posted before posting it again.
   */
  'channels:history',
  /** conversations.history in private channels, for the same outbox look-up. */
  'groups:history',
  /** usergroups.users.list: roles granted through a user group (src/slack/role-resolver.ts). */
  'usergroups:read',
  /**
   * files.getUploadURLExternal and files.completeUploadExternal: the chart upload, alert
   * charts shared in the alerts channel (src/slack/files.ts).
   */
  'files:write',
  // users:read (users.info) is left out until code calls it: messages name people with
  // <@U…> mentions, which Slack renders itself.
] as const;

export type BotScope = (typeof BOT_SCOPES)[number];
