import { AppError } from '../errors.js';

/**
 * Strict JSON request bodies. `JSON.parse` lets the last of two equal keys win and a decoder would drop a
 * leading byte-order mark; both would let a body mean something other than what a reviewer of it reads, so
 * both are refused.
 */

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * The first key that appears twice in one object of `text` (valid JSON), compared after unescaping, so
 * `{"a":1,"\u0061":2}` is caught too; null when every object's keys are distinct.
 */
export function duplicateKeyIn(text: string): string | null {
  // One entry per open object (its keys so far, and whether a key comes next) or array (null).
  const stack: ({ keys: Set<string>; expectKey: boolean } | null)[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      const top = stack[stack.length - 1];
      if (top?.expectKey) {
        const key = JSON.parse(text.slice(i, j + 1)) as string;
        if (top.keys.has(key)) return key;
        top.keys.add(key);
        top.expectKey = false;
      }
      i = j;
    } else if (c === '{') stack.push({ keys: new Set(), expectKey: true });
    else if (c === '[') stack.push(null);
    else if (c === '}' || c === ']') stack.pop();
    else if (c === ',') {
      const top = stack[stack.length - 1];
      if (top) top.expectKey = true;
    }
  }
  return null;
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Parses a request body: strict UTF-8 without BOM, valid JSON, no duplicate or prototype keys. */
export function parseJsonBody(body: Buffer): unknown {
  if (body.length === 0) return undefined;
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) {
    throw new AppError('bad_request', 'The request body starts with a byte-order mark; send UTF-8 JSON without one');
  }
  let text: string;
  try {
    text = utf8.decode(body);
  } catch {
    throw new AppError('bad_request', 'The request body is not valid UTF-8');
  }
  let parsed: unknown;
  let forbiddenKey: string | null = null;
  try {
    // Prototype keys are refused like any other unknown field (strict input), never silently dropped.
    parsed = JSON.parse(text, (k, v: unknown) => {
      if (FORBIDDEN_KEYS.has(k)) forbiddenKey = k;
      return v;
    });
  } catch (e) {
    // Valid JSON nested deeper than the parser's stack (tens of thousands of levels) is refused as such.
    if (e instanceof RangeError) throw new AppError('bad_request', 'The request body is nested too deeply');
    throw new AppError('bad_request', 'The request body is not valid JSON');
  }
  if (forbiddenKey) throw new AppError('validation_failed', `The field "${forbiddenKey}" is not allowed`);
  const dup = duplicateKeyIn(text);
  if (dup !== null) throw new AppError('bad_request', `The field "${dup}" appears twice in one object`, { field: dup });
  return parsed;
}
