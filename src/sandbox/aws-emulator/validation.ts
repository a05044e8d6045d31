import { AwsServiceError, type JsonObject, type JsonValue } from './protocol.ts';

/**
 * Collects constraint violations the way AWS reports them: "2 validation errors detected:
 * Value null at 'roleArn' failed to satisfy constraint: Member must not be null; …".
 * Paths are camelCase member names joined by dots, as in AWS's messages.
 */
export class Violations {
  private readonly items: string[] = [];

  add(path: string, value: JsonValue | undefined, constraint: string): void {
    this.items.push(`Value ${describe(value)} at '${path}' failed to satisfy constraint: ${constraint}`);
  }

  /** Records a violation when the member is missing; returns whether it is present. */
  required(path: string, value: JsonValue | undefined): boolean {
    if (value === undefined || value === null) {
      this.add(path, null, 'Member must not be null');
      return false;
    }
    return true;
  }

  string(path: string, value: JsonValue | undefined, options: { required?: boolean; pattern?: RegExp; maxLength?: number } = {}): void {
    if (value === undefined || value === null) {
      if (options.required) this.add(path, null, 'Member must not be null');
      return;
    }
    if (typeof value !== 'string') {
      this.add(path, value, 'Member must be a string');
      return;
    }
    if (options.maxLength !== undefined && value.length > options.maxLength) {
      this.add(path, value, `Member must have length less than or equal to ${options.maxLength}`);
    }
    if (options.pattern && !options.pattern.test(value)) {
      this.add(path, value, `Member must satisfy regular expression pattern: ${options.pattern.source}`);
    }
  }

  integer(path: string, value: JsonValue | undefined, options: { required?: boolean; min?: number; max?: number } = {}): void {
    if (value === undefined || value === null) {
      if (options.required) this.add(path, null, 'Member must not be null');
      return;
    }
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      this.add(path, value, 'Member must be an integer');
      return;
    }
    if (options.min !== undefined && value < options.min) this.add(path, value, `Member must have value greater than or equal to ${options.min}`);
    if (options.max !== undefined && value > options.max) this.add(path, value, `Member must have value less than or equal to ${options.max}`);
  }

  oneOf(path: string, value: JsonValue | undefined, allowed: readonly string[], options: { required?: boolean } = {}): void {
    if (value === undefined || value === null) {
      if (options.required) this.add(path, null, 'Member must not be null');
      return;
    }
    if (typeof value !== 'string' || !allowed.includes(value)) {
      this.add(path, value, `Member must satisfy enum value set: [${allowed.join(', ')}]`);
    }
  }

  /** Returns the member as an object when it is one; records a violation when it is not. */
  object(path: string, value: JsonValue | undefined, options: { required?: boolean } = {}): JsonObject | undefined {
    if (value === undefined || value === null) {
      if (options.required) this.add(path, null, 'Member must not be null');
      return undefined;
    }
    if (typeof value !== 'object' || Array.isArray(value)) {
      this.add(path, value, 'Member must be a structure');
      return undefined;
    }
    return value;
  }

  array(path: string, value: JsonValue | undefined, options: { max?: number } = {}): JsonValue[] | undefined {
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value)) {
      this.add(path, value, 'Member must be a list');
      return undefined;
    }
    if (options.max !== undefined && value.length > options.max) {
      this.add(path, value, `Member must have length less than or equal to ${options.max}`);
    }
    return value;
  }

  /** Throws one ValidationException listing every violation, when there are any. */
  throwIfAny(): void {
    if (this.items.length === 0) return;
    const count = this.items.length;
    throw new AwsServiceError(
      'ValidationException',
      `${count} validation error${count === 1 ? '' : 's'} detected: ${this.items.join('; ')}`,
    );
  }
}

function describe(value: JsonValue | undefined): string {
  if (value === undefined || value === null) return 'null';
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'object') return Array.isArray(value) ? '[…]' : '{…}';
  return String(value);
}
