import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Json, JsonObject } from './types.ts';

const MAX_BODY_BYTES = 20 * 1024 * 1024;

/** Arguments Slack takes as JSON strings inside form-encoded bodies. */
const JSON_ARGS = new Set(['blocks', 'attachments', 'metadata', 'view', 'files', 'users', 'channels']);

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new Error('request body too large');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

function parseJsonArg(value: string): Json {
  try {
    return JSON.parse(value) as Json;
  } catch {
    // Slack answers invalid_* errors for malformed JSON; the validators see the raw string.
    return value;
  }
}

/**
 * Web API arguments from the query string and the body. The WebClient sends
 * `application/x-www-form-urlencoded` with JSON-encoded complex values; other clients send
 * `application/json`. Both end up as one object with JSON-valued arguments parsed.
 */
export function parseArgs(contentType: string | undefined, body: Buffer, query: URLSearchParams): JsonObject {
  const args: JsonObject = {};
  const addForm = (params: URLSearchParams) => {
    for (const [key, value] of params) args[key] = JSON_ARGS.has(key) ? parseJsonArg(value) : value;
  };
  addForm(query);
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase();
  if (body.length === 0) return args;
  if (type === 'application/json') {
    const parsed = JSON.parse(body.toString('utf8')) as Json;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) Object.assign(args, parsed);
  } else if (type === 'multipart/form-data') {
    for (const part of parseMultipart(contentType ?? '', body)) {
      if (part.filename === undefined) args[part.name] = JSON_ARGS.has(part.name) ? parseJsonArg(part.data.toString('utf8')) : part.data.toString('utf8');
    }
  } else {
    addForm(new URLSearchParams(body.toString('utf8')));
  }
  return args;
}

export interface MultipartPart {
  name: string;
  filename?: string;
  data: Buffer;
}

/** Just enough multipart/form-data parsing for the WebClient's file upload. */
export function parseMultipart(contentType: string, body: Buffer): MultipartPart[] {
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (!boundary) return [];
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: MultipartPart[] = [];
  let start = body.indexOf(delimiter);
  while (start !== -1) {
    const next = body.indexOf(delimiter, start + delimiter.length);
    if (next === -1) break;
    // Skip the CRLF after the delimiter; drop the CRLF before the next one.
    const raw = body.subarray(start + delimiter.length + 2, next - 2);
    const headerEnd = raw.indexOf('\r\n\r\n');
    if (headerEnd !== -1) {
      const headers = raw.subarray(0, headerEnd).toString('utf8');
      const name = /name="([^"]*)"/i.exec(headers)?.[1] ?? '';
      const filename = /filename="([^"]*)"/i.exec(headers)?.[1];
      parts.push({ name, ...(filename !== undefined ? { filename } : {}), data: raw.subarray(headerEnd + 4) });
    }
    start = next;
  }
  return parts;
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}
