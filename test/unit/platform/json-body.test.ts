import { describe, expect, it } from 'vitest';
import { duplicateKeyIn, parseJsonBody } from '../../../src/platform/http/json-body.js';

describe('duplicateKeyIn', () => {
  it.each([
    ['{}', null],
    ['{"a":1,"b":2}', null],
    ['{"a":1,"a":2}', 'a'],
    ['{"a":1,"\\u0061":2}', 'a'],
    ['{"a":{"b":1},"c":{"b":2}}', null],
    ['{"a":{"b":1,"b":2}}', 'b'],
    ['[{"a":1},{"a":1}]', null],
    ['[{"a":1,"a":1}]', 'a'],
    ['{"a":"x,\\"a\\":","b":1}', null],
    ['{"a":["a","a"],"b":1}', null],
    ['{"a":[{"x":1}],"a":2}', 'a'],
    ['"a"', null],
    ['{"":1,"":2}', ''],
    ['{"a\\\\":1,"a\\\\":2}', 'a\\'],
  ])('%s -> %s', (text, expected) => {
    expect(JSON.parse(text)).toBeDefined();
    expect(duplicateKeyIn(text)).toBe(expected);
  });
});

describe('parseJsonBody', () => {
  const refused = (b: Buffer, code: string, message: RegExp) => {
    expect(() => parseJsonBody(b)).toThrow(message);
    try {
      parseJsonBody(b);
    } catch (e) {
      expect((e as { code: string }).code).toBe(code);
    }
  };
  it('reads plain JSON and an empty body', () => {
    expect(parseJsonBody(Buffer.from('{"name":"保密办"}'))).toEqual({ name: '保密办' });
    expect(parseJsonBody(Buffer.alloc(0))).toBeUndefined();
  });
  it.each([
    [Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"a":1}')]), 'bad_request', /byte-order mark/],
    [Buffer.from([0x7b, 0xff, 0x7d]), 'bad_request', /UTF-8/],
    [Buffer.from('{"a":1,}'), 'bad_request', /not valid JSON/],
    [Buffer.from('{"a":1,"a":2}'), 'bad_request', /appears twice/],
    [Buffer.from('{"__proto__":{"x":1}}'), 'validation_failed', /not allowed/],
  ])('refuses %s', (b, code, message) => refused(b, code, message));
  it('refuses JSON nested deeper than the parser can follow, saying so', () => {
    refused(Buffer.from('['.repeat(100_000) + ']'.repeat(100_000)), 'bad_request', /nested too deeply/);
  });
});
