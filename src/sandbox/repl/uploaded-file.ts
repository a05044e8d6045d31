import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Styles } from './ansi.ts';

/*
 * Files the bot uploads (its alert charts) as the sandbox shows them: one line naming the
 * file, its kind and size, and where a copy was saved so it can be opened.
 */

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A PNG's width and height from its IHDR chunk; undefined when the bytes are not a PNG. Pure. */
export function pngSize(bytes: Uint8Array): { width: number; height: number } | undefined {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.length < 24 || !buffer.subarray(0, 8).equals(PNG_SIGNATURE) || buffer.toString('latin1', 12, 16) !== 'IHDR') return undefined;
  return { width: buffer.readUInt32BE(16), height: buffer.readUInt32BE(20) };
}

/** `812 B`, `41.3 KB`, `1.2 MB`. */
function formatBytes(size: number): string {
  if (size < 1_024) return `${size} B`;
  if (size < 1_024 * 1_024) return `${(size / 1_024).toFixed(1)} KB`;
  return `${(size / (1_024 * 1_024)).toFixed(1)} MB`;
}

export interface UploadedFileView {
  name: string;
  title?: string;
  content: Uint8Array;
  /** Where the sandbox saved a copy; absent when it could not. */
  savedTo?: string;
}

/**
 * `[chart: <title> (PNG 800×400), saved to /tmp/…/1-health-x.png]`. The bot uploads only
 * charts, so a PNG is called a chart; anything else is a file with its size. Pure.
 */
export function renderUploadedFile(file: UploadedFileView, styles: Styles): string {
  const size = pngSize(file.content);
  const label = file.title || file.name;
  const what = size ? `chart: ${label} (PNG ${size.width}×${size.height})` : `file: ${label} (${formatBytes(file.content.byteLength)})`;
  return styles.cyan(`[${what}${file.savedTo ? `, saved to ${file.savedTo}` : ', not saved'}]`);
}

/** Saves uploaded files into one directory (made on the first file), numbered so none overwrites another. */
export class FileSaver {
  private count = 0;

  constructor(readonly directory: string) {}

  /** How many files were saved (or tried). */
  get saved(): number {
    return this.count;
  }

  /** Writes the bytes and returns the path; undefined when it could not (the feed says "not saved"). */
  save(name: string, content: Uint8Array): string | undefined {
    this.count += 1;
    const safe = basename(name).replace(/[^A-Za-z0-9._-]+/g, '_') || 'file';
    const path = join(this.directory, `${this.count}-${safe}`);
    try {
      mkdirSync(this.directory, { recursive: true });
      writeFileSync(path, content);
      return path;
    } catch {
      return undefined;
    }
  }
}
