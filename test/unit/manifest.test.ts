import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { BOT_SCOPES } from '../../src/slack/scopes.ts';

/*
 * manifest.yml is pasted into Slack's "Create app from manifest". These checks mirror the
 * parts of Slack's manifest schema v1 (github.com/slackapi/manifest-schema) the file uses:
 * strict objects, the length limits, and the fields Slack requires.
 */
const httpsUrl = z.string().regex(/^https:\/\//);
const manifestSchema = z.strictObject({
  display_information: z.strictObject({
    name: z.string().min(1).max(35),
    description: z.string().min(1).max(140),
    long_description: z.string().min(175).max(4000),
    background_color: z.string().regex(/^#[0-9a-fA-F]{3}([0-9a-fA-F]{3})?$/),
  }),
  features: z.strictObject({
    bot_user: z.strictObject({ display_name: z.string().regex(/^[a-z0-9._-]{1,80}$/), always_online: z.boolean() }),
    app_home: z.strictObject({ home_tab_enabled: z.boolean(), messages_tab_enabled: z.boolean(), messages_tab_read_only_enabled: z.boolean() }),
    slash_commands: z
      .array(
        z.strictObject({
          command: z.string().regex(/^\/[a-z0-9_-]{1,31}$/),
          description: z.string().min(1).max(2000),
          usage_hint: z.string().min(1).max(1000),
          url: httpsUrl,
          should_escape: z.boolean(),
        }),
      )
      .min(1)
      .max(50),
  }),
  oauth_config: z.strictObject({ scopes: z.strictObject({ bot: z.array(z.string().max(50)) }) }),
  settings: z.strictObject({
    event_subscriptions: z.strictObject({ request_url: httpsUrl, bot_events: z.array(z.string()) }),
    interactivity: z.strictObject({ is_enabled: z.boolean(), request_url: httpsUrl }),
    org_deploy_enabled: z.boolean(),
    socket_mode_enabled: z.boolean(),
    token_rotation_enabled: z.boolean(),
  }),
});

const manifest = manifestSchema.parse(parse(readFileSync(fileURLToPath(new URL('../../manifest.yml', import.meta.url)), 'utf8')));

describe('manifest.yml', () => {
  it('follows the Slack manifest schema for the fields it uses', () => {
    // Parsing above throws with the failing path when it does not.
    expect(manifest.display_information.name).toBeTruthy();
  });

  it('declares /sm with a description and a usage hint, pointing at the events route', () => {
    const sm = manifest.features.slash_commands.find((command) => command.command === '/sm');
    expect(sm).toBeDefined();
    expect(sm?.usage_hint).toMatch(/train/);
    expect(sm?.url).toBe('https://example.invalid/slack/events');
    expect(sm?.should_escape).toBe(false);
  });

  it('enables interactivity at the events route, for the approval buttons', () => {
    expect(manifest.settings.interactivity).toEqual({ is_enabled: true, request_url: 'https://example.invalid/slack/events' });
  });

  it('enables the Home tab and subscribes to app_home_opened to render it', () => {
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
    expect(manifest.features.app_home.messages_tab_enabled).toBe(false);
    expect(manifest.settings.event_subscriptions.bot_events).toEqual(['app_home_opened']);
  });

  it('uses HTTP request URLs unless switched to Socket Mode', () => {
    expect(manifest.settings.socket_mode_enabled).toBe(false);
    expect(manifest.settings.token_rotation_enabled).toBe(false);
    expect(manifest.settings.org_deploy_enabled).toBe(false);
  });

  it('asks for exactly the bot scopes the code uses (BOT_SCOPES), each once', () => {
    const scopes = manifest.oauth_config.scopes.bot;
    expect(new Set(scopes).size).toBe(scopes.length);
    expect([...scopes].sort()).toEqual([...BOT_SCOPES].sort());
  });
});
