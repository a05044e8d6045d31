import type { ButtonInfo } from './render.ts';

/*
 * The numbers shown on buttons (`[1 Stop training]`) and what each one clicks. A message
 * updated in place keeps its buttons' numbers; a button that is no longer shown is retired,
 * since in Slack nobody can click a button that has gone.
 */

/** Where a button sits, as the click payload needs it. */
export interface ButtonHome {
  channel: string;
  /** ts of the message holding it. */
  messageTs: string;
  /** The message as shown, echoed in the click payload as Slack does. */
  message: { text?: string; blocks?: unknown[] };
  /** Set for buttons in a reply only this user sees. */
  ephemeralFor?: string;
}

export interface BoardButton extends ButtonInfo, ButtonHome {
  number: number;
  /** False once the message no longer shows it. */
  live: boolean;
}

export class ButtonBoard {
  private readonly buttons = new Map<number, BoardButton>();
  private readonly numbers = new Map<string, number>();
  private readonly byMessage = new Map<string, Set<number>>();
  private next = 1;

  /**
   * Numbers the buttons of one message (in display order) and retires those of its earlier
   * version that are gone. Returns the numbers, one per button.
   */
  show(home: ButtonHome, buttons: readonly ButtonInfo[]): number[] {
    const messageKey = `${home.channel}/${home.messageTs}`;
    const previous = this.byMessage.get(messageKey) ?? new Set<number>();
    const current = new Set<number>();
    const seen = new Map<string, number>();
    const numbers = buttons.map((button) => {
      const base = `${messageKey}/${button.actionId}/${button.value ?? ''}`;
      // The same action twice in one message (rare) still gets two numbers.
      const occurrence = seen.get(base) ?? 0;
      seen.set(base, occurrence + 1);
      const key = `${base}#${occurrence}`;
      let number = this.numbers.get(key);
      if (number === undefined) {
        number = this.next;
        this.next += 1;
        this.numbers.set(key, number);
      }
      this.buttons.set(number, { ...button, ...home, number, live: true });
      current.add(number);
      return number;
    });
    for (const number of previous) {
      const button = this.buttons.get(number);
      if (button && !current.has(number)) button.live = false;
    }
    this.byMessage.set(messageKey, current);
    return numbers;
  }

  /** Retires every button of a message (it was deleted or replaced). */
  retire(channel: string, messageTs: string): void {
    this.show({ channel, messageTs, message: {} }, []);
  }

  get(number: number): BoardButton | undefined {
    return this.buttons.get(number);
  }
}
