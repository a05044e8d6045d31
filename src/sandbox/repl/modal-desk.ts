import type { FakeSlack, RecordedCall } from '../fake-slack/index.ts';
import { newTriggerId, sendViewSubmission } from '../slack-signer.ts';
import type { Styles } from './ansi.ts';
import { checkInput, readModal, readSubmitOutcome, renderModal, stateValues, type Modal, type ModalInput } from './modal.ts';
import type { Directory } from './mrkdwn.ts';
import { indent } from './render.ts';
import { withTimeout } from './with-timeout.ts';

/*
 * The modals the bot opens in the sandbox. Slack ties a views.open to the trigger_id of
 * the click or command that asked for it, so the REPL mints every trigger_id here and a
 * modal is shown to, and answered by, the person whose click opened it. Submitting sends a
 * signed view_submission exactly as Slack does; the bot's answer (close, errors, update,
 * push, clear) is applied the way Slack's client applies it.
 */

export interface ModalDeskOptions {
  fake: FakeSlack;
  styles: Styles;
  directory: Directory;
  botUrl: string;
  signingSecret: string;
  /** Prints one event (several lines, no trailing newline). */
  print: (text: string) => void;
}

/** Slack's trigger_ids expire after 3 s: a modal that has not opened by then never will. */
const TRIGGER_LIFETIME_MS = 3_000;
/** How long the sandbox waits for the bot's answer to a submission at all. */
const SUBMIT_TIMEOUT_MS = 15_000;

interface Asking {
  user: string;
  modal: Modal;
  answers: Map<string, string>;
  remaining: ModalInput[];
}

export class ModalDesk {
  /** trigger_id → who it was minted for and when. */
  private readonly triggers = new Map<string, { user: string; at: number }>();
  /** user → their open modals, the one shown last. */
  private readonly stacks = new Map<string, Modal[]>();
  private asking: Asking | undefined;
  private readonly opened = new Set<() => void>();
  private readonly onCall = (call: RecordedCall) => this.call(call);

  constructor(private readonly options: ModalDeskOptions) {}

  start(): void {
    this.options.fake.events.on('call', this.onCall);
  }

  stop(): void {
    this.options.fake.events.off('call', this.onCall);
  }

  /** A fresh trigger_id for a request `user` sends; a modal opened with it is theirs. */
  triggerFor(user: string): string {
    const now = Date.now();
    for (const [id, trigger] of this.triggers) if (now - trigger.at > TRIGGER_LIFETIME_MS) this.triggers.delete(id);
    const id = newTriggerId();
    this.triggers.set(id, { user, at: now });
    return id;
  }

  /** The modal `user` sees on top, if any. */
  top(user: string): Modal | undefined {
    return this.stacks.get(user)?.at(-1);
  }

  /** The label of the input the next typed line fills, while the desk is asking for one. */
  get askingFor(): string | undefined {
    return this.asking?.remaining[0]?.label;
  }

  /**
   * `submit [text]` as `user`: the text fills the first text input; inputs still empty are
   * asked for one line at a time (answer()); then the submission goes to the bot.
   */
  async submit(user: string, text?: string): Promise<void> {
    const modal = await this.modalOf(user);
    if (!modal) return;
    if (!modal.submitLabel) {
      this.notice(`“${modal.title}” has no submit button; \`cancel\` closes it.`);
      return;
    }
    const typed = modal.inputs.filter((input) => input.type === 'plain_text_input');
    const others = modal.inputs.filter((input) => input.type !== 'plain_text_input');
    if (others.length > 0) this.notice(`(the sandbox fills in text inputs only; ${others.map((i) => i.label).join(', ')} stay empty)`);
    const answers = new Map<string, string>();
    const [first, ...rest] = typed;
    if (first && text) answers.set(first.blockId, text);
    const remaining = first && answers.has(first.blockId) ? rest : typed;
    if (remaining.length > 0) {
      this.asking = { user, modal, answers, remaining };
      this.ask();
      return;
    }
    await this.send(user, modal, answers);
  }

  /** One typed line while asking: the value of the next input. An empty line for a required input stops asking. */
  async answer(line: string): Promise<void> {
    const asking = this.asking;
    const input = asking?.remaining.shift();
    if (!asking || !input) {
      this.asking = undefined;
      return;
    }
    if (line === '' && !input.optional) {
      this.asking = undefined;
      this.notice(`Not submitted; “${asking.modal.title}” is still open (\`submit\` to try again, \`cancel\` to close it).`);
      return;
    }
    asking.answers.set(input.blockId, line);
    if (asking.remaining.length > 0) {
      this.ask();
      return;
    }
    this.asking = undefined;
    await this.send(asking.user, asking.modal, asking.answers);
  }

  /** `cancel`: closes the top modal without telling the bot (it sets no notify_on_close, so Slack would not either). */
  cancel(user: string): void {
    const stack = this.stacks.get(user);
    const modal = stack?.pop();
    if (!modal) {
      this.notice(this.nothingOpen(user));
      return;
    }
    this.notice(`Closed “${modal.title}” without submitting it.${stack && stack.length > 0 ? ` “${stack.at(-1)?.title}” is open under it.` : ''}`);
  }

  private ask(): void {
    const input = this.asking?.remaining[0];
    if (!input) return;
    this.options.print(this.options.styles.cyan(`${input.label}${input.optional ? ' (optional)' : ''} — type it on the next line${input.optional ? '' : '; an empty line stops'}:`));
  }

  /** The user's top modal; a click sent a moment ago may still be opening one, so wait for that. */
  private async modalOf(user: string): Promise<Modal | undefined> {
    const deadline = Date.now() + TRIGGER_LIFETIME_MS;
    for (;;) {
      const modal = this.top(user);
      if (modal) return modal;
      const waiting = [...this.triggers.values()].some((t) => t.user === user && Date.now() - t.at < TRIGGER_LIFETIME_MS);
      if (!waiting || Date.now() >= deadline) {
        this.notice(this.nothingOpen(user));
        return undefined;
      }
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          this.opened.delete(done);
          resolve();
        };
        const timer = setTimeout(done, 100);
        this.opened.add(done);
      });
    }
  }

  private nothingOpen(user: string): string {
    const others = [...this.stacks.entries()].filter(([who, stack]) => who !== user && stack.length > 0);
    const elsewhere = others.map(([who, stack]) => `${this.name(who)} has “${stack.at(-1)?.title}” open (\`as ${this.name(who).toLowerCase()}\` to answer it)`);
    return `No modal is open for ${this.name(user)}.${elsewhere.length > 0 ? ` ${elsewhere.join('; ')}.` : ''}`;
  }

  private async send(user: string, modal: Modal, answers: ReadonlyMap<string, string>): Promise<void> {
    const { styles } = this.options;
    for (const input of modal.inputs) {
      const problem = input.type === 'plain_text_input' ? checkInput(input, answers.get(input.blockId) ?? '') : undefined;
      if (problem) {
        // Slack's client refuses to send and marks the field; the modal stays open.
        this.options.print(styles.yellow(`${input.label}: ${problem}`));
        return;
      }
    }
    let response: Response;
    try {
      response = await withTimeout(
        sendViewSubmission(this.options.botUrl, this.options.signingSecret, {
          user,
          callbackId: modal.callbackId,
          privateMetadata: modal.privateMetadata,
          values: stateValues(modal.inputs, answers),
          triggerId: this.triggerFor(user),
        }),
        SUBMIT_TIMEOUT_MS,
      );
    } catch (error) {
      this.options.print(styles.red(`Submitting “${modal.title}” failed: the bot did not answer (${error instanceof Error ? error.message : String(error)}). The modal stays open.`));
      return;
    }
    const body = await response.text();
    if (!response.ok) {
      this.options.print(styles.red(`Slack would say “We had some trouble connecting. Try again?”: the bot answered HTTP ${response.status}${body ? ` (${body.slice(0, 200)})` : ''}. The modal stays open.`));
      return;
    }
    const outcome = readSubmitOutcome(body);
    const stack = this.stacks.get(user) ?? [];
    switch (outcome.kind) {
      case 'close':
        stack.splice(stack.indexOf(modal), 1);
        this.notice(`${this.name(user)} submitted “${modal.title}”; the modal closed.`);
        return;
      case 'clear':
        stack.length = 0;
        this.notice(`${this.name(user)} submitted “${modal.title}”; the bot closed every modal.`);
        return;
      case 'errors': {
        const lines = Object.entries(outcome.errors).map(([blockId, message]) => `  ${modal.inputs.find((i) => i.blockId === blockId)?.label ?? blockId}: ${message}`);
        this.options.print(styles.yellow(`The bot did not accept “${modal.title}”; it stays open:\n${lines.join('\n')}`));
        return;
      }
      case 'update':
      case 'push': {
        const next = readModal(modal.id, outcome.view);
        if (!next) return;
        if (outcome.kind === 'update') stack.splice(stack.indexOf(modal), 1, next);
        else stack.push(next);
        this.show(user, next, outcome.kind === 'update' ? 'modal updated' : 'modal pushed');
        return;
      }
    }
  }

  private call(call: RecordedCall): void {
    if (!call.ok || (call.method !== 'views.open' && call.method !== 'views.update' && call.method !== 'views.push')) return;
    const viewId = String((call.response?.['view'] as { id?: unknown } | undefined)?.id ?? '');
    if (call.method === 'views.update') {
      for (const [user, stack] of this.stacks) {
        const index = stack.findIndex((m) => m.id === viewId);
        const next = index >= 0 ? readModal(viewId, call.args['view']) : undefined;
        if (next) {
          stack[index] = next;
          this.show(user, next, 'modal updated');
        }
      }
      return;
    }
    const trigger = this.triggers.get(String(call.args['trigger_id'] ?? ''));
    const modal = readModal(viewId, call.args['view']);
    if (!trigger || !modal) {
      this.notice('(the bot opened a modal with a trigger_id the sandbox did not send; nobody sees it)');
      return;
    }
    this.triggers.delete(String(call.args['trigger_id']));
    const stack = this.stacks.get(trigger.user) ?? [];
    // views.open replaces what the user had open; views.push stacks on it.
    if (call.method === 'views.open') stack.length = 0;
    stack.push(modal);
    this.stacks.set(trigger.user, stack);
    this.show(trigger.user, modal, 'modal');
    for (const wake of [...this.opened]) wake();
  }

  private show(user: string, modal: Modal, what: string): void {
    const { styles, directory } = this.options;
    const body = renderModal(modal, { styles, ...directory });
    this.options.print(`\n${styles.bold(`▣ ${what}`)} ${styles.dim(`· open for ${this.name(user)}`)}\n${indent(body, '  ')}`);
  }

  private name(user: string): string {
    return this.options.directory.users?.get(user) ?? user;
  }

  private notice(text: string): void {
    this.options.print(this.options.styles.dim(text));
  }
}
