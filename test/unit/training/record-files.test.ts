/**
 * The files kept with training records (a recorded completion's evidence, an external certificate, TRN-11): a PDF,
 * PNG or JPEG, judged by its first bytes, which must agree with the type the client declares.
 */
import { describe, expect, it } from 'vitest';
import { checkedFile } from '../../../src/modules/training/services/record-access.js';

const PDF = Buffer.from('%PDF-1.7\n');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]);
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0]);

describe('[TRN-11] the file of a training record', () => {
  it.each([
    [PDF, 'application/pdf', 'application/pdf'],
    [PDF, 'application/pdf; charset=binary', 'application/pdf'],
    [PNG, 'image/png', 'image/png'],
    [JPEG, 'IMAGE/JPEG', 'image/jpeg'],
  ])('accepts %#: declared %s', (file, declared, expected) => {
    expect(checkedFile(file, declared)).toBe(expected);
  });

  it.each([
    [Buffer.alloc(0), 'application/pdf', 'record_file_empty'],
    [PDF, 'image/png', 'record_file_type'],
    [PNG, 'application/pdf', 'record_file_type'],
    [Buffer.from('PK\u0003\u0004 a docx'), 'application/pdf', 'record_file_type'],
    [Buffer.from('<svg/>'), 'image/svg+xml', 'record_file_type'],
    [PDF, undefined, 'record_file_type'],
  ])('refuses %#: declared %s (%s)', (file, declared, problem) => {
    expect(() => checkedFile(file, declared)).toThrow(
      expect.objectContaining({ code: 'bad_request', details: expect.objectContaining({ problem }) }),
    );
  });
});
