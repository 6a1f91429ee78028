import { describe, expect, it } from 'vitest';
import {
  coverage,
  idsInTitle,
  isEnforceable,
  kindsOf,
  parseRequirements,
  renderReport,
  shortText,
  summaryLine,
  tableCells,
  taggedTitles,
  unknownIds,
} from '../../../scripts/traceability-lib.mjs';

// Built at run time so this file's own titles name no requirement.
const tag = (id: string) => `[${id}]`;

const REQUIREMENTS = [
  '# Requirements',
  '',
  '## Fixed numbers',
  '| Number | Seed · quote | Where it goes |',
  '|---|---|---|',
  '| 2 days | 003 | FIN-10 |',
  '',
  '## Requirements by module',
  '',
  '### CAR — Classified carriers (涉密载体)',
  '',
  '| ID | Requirement (中文 term) | Seed · quote | Number fixed | Kind |',
  '|---|---|---|---|---|',
  '| CAR-01 | Every document carries its marking (标识) | 002 「注明」 | – | E |',
  '| CAR-02 | A designated custodian; nothing unassigned | 002 「专人」 | – | E,R |',
  '| CAR-10 | Storage areas recorded per location | 003 | – | R |',
  '',
  '### IT — Information systems',
  '',
  '| ID | Requirement (中文 term) | Seed · quote | Number fixed | Kind |',
  '|---|---|---|---|---|',
  '| IT-03 | Screen lock after 5 min *(note: web idle lock BUILT)* | 002 | 5 min | R |',
  '| IT-08 | Departure sign-off a \\| b | 002 | – | R,E |',
  '',
  '## Only organisational',
  '| ID-LIKE | not a requirement | x | x | E |',
  '| XYZ-01 | under no module | x | x | E |',
].join('\n');

describe('parseRequirements', () => {
  const { modules, requirements } = parseRequirements(REQUIREMENTS);

  it('reads the rows of the module tables only, in order, with their module', () => {
    expect(requirements.map((r) => [r.id, r.module, r.kind])).toEqual([
      ['CAR-01', 'CAR', 'E'],
      ['CAR-02', 'CAR', 'E,R'],
      ['CAR-10', 'CAR', 'R'],
      ['IT-03', 'IT', 'R'],
      ['IT-08', 'IT', 'R,E'],
    ]);
    expect(modules).toEqual([
      { code: 'CAR', title: 'Classified carriers (涉密载体)' },
      { code: 'IT', title: 'Information systems' },
    ]);
  });

  it('keeps the requirement text, an escaped pipe included', () => {
    expect(requirements.find((r) => r.id === 'CAR-01')?.text).toBe('Every document carries its marking (标识)');
    expect(requirements.find((r) => r.id === 'IT-08')?.text).toBe('Departure sign-off a | b');
  });

  it.each([
    [
      'an ID listed twice',
      '### CAR — C\n| CAR-01 | a | x | x | E |\n| CAR-01 | b | x | x | R |',
      /CAR-01 is listed twice/,
    ],
    ['an ID under another module', '### CAR — C\n| IT-01 | a | x | x | E |', /IT-01 is listed under module CAR/],
  ])('refuses %s', (_label, markdown, message) => {
    expect(() => parseRequirements(markdown)).toThrow(message);
  });
});

describe('kinds', () => {
  it.each<[string, string[], boolean]>([
    ['E', ['E'], true],
    ['E,R', ['E', 'R'], true],
    ['R,E', ['R', 'E'], true],
    ['P,D', ['P', 'D'], false],
    ['R', ['R'], false],
    [' e, r ', ['E', 'R'], true],
    ['', [], false],
  ])('kindsOf(%j) = %j, enforceable %s', (kind, kinds, enforceable) => {
    expect(kindsOf(kind)).toEqual(kinds);
    expect(isEnforceable({ kind })).toBe(enforceable);
  });
});

describe('tableCells', () => {
  it.each<[string, string[]]>([
    ['| a | b |', ['a', 'b']],
    ['|a|b|c|', ['a', 'b', 'c']],
    ['| a \\| b | c |', ['a | b', 'c']],
    ['| – |  |', ['–', '']],
  ])('%j -> %j', (line, cells) => {
    expect(tableCells(line)).toEqual(cells);
  });
});

describe('idsInTitle', () => {
  it.each<[string, string[]]>([
    [`${tag('CAR-03')} refuses a dispatch`, ['CAR-03']],
    [`${tag('ACC-01')}${tag('ACC-02')} locks`, ['ACC-01', 'ACC-02']],
    [`${tag('ACC-01')} ${tag('ACC-02')} ${tag('ACC-01')} once each`, ['ACC-01', 'ACC-02']],
    [`in the middle ${tag('IT-03')} too`, ['IT-03']],
    ['no tag', []],
    ['[car-3] a misspelt tag is a tag (and then fails as unknown)', ['car-3']],
    ['CAR-03 without brackets is not a tag', []],
    ['[%s] a format is not a tag', []],
  ])('%j -> %j', (title, ids) => {
    expect(idsInTitle(title)).toEqual(ids);
  });
});

describe('taggedTitles', () => {
  const T = tag('CAR-01');
  it.each<[string, string, { line: number; title: string; ids: string[] }[]]>([
    ['it', `it('${T} marks', () => {});`, [{ line: 1, title: `${T} marks`, ids: ['CAR-01'] }]],
    ['test and double quotes', `test("${T} marks", () => {});`, [{ line: 1, title: `${T} marks`, ids: ['CAR-01'] }]],
    ['describe', `describe('${T} suite', () => {});`, [{ line: 1, title: `${T} suite`, ids: ['CAR-01'] }]],
    [
      'it.each with a table over several lines, generics and a regular expression holding a parenthesis',
      `it.each<[string, RegExp]>([\n  ['a', /months \\(1-11/],\n])('${T} refuses %s', () => {});`,
      [{ line: 3, title: `${T} refuses %s`, ids: ['CAR-01'] }],
    ],
    [
      'describe.each and a nested it',
      `describe.each(DB_KINDS)('${T} on %s', (kind) => {\n  it('${tag('IT-03')}${tag('CAR-02')} x', () => {});\n});`,
      [
        { line: 1, title: `${T} on %s`, ids: ['CAR-01'] },
        { line: 2, title: `${tag('IT-03')}${tag('CAR-02')} x`, ids: ['IT-03', 'CAR-02'] },
      ],
    ],
    [
      'it.skip, it.only, it.skipIf(c) and a template title',
      `it.skip('${T} a', f);\nit.only('${T} b', f);\nit.skipIf(c)('${T} c', f);\nit(\`${T} covers \${n} items\`, f);`,
      [
        { line: 1, title: `${T} a`, ids: ['CAR-01'] },
        { line: 2, title: `${T} b`, ids: ['CAR-01'] },
        { line: 3, title: `${T} c`, ids: ['CAR-01'] },
        { line: 4, title: `${T} covers \${n} items`, ids: ['CAR-01'] },
      ],
    ],
    [
      'strings that are not titles',
      `expect(x).toBe('${T} not a title');\nconst s = '${T}';\nfoo('${T} nor this');\nit('untagged', f);`,
      [],
    ],
  ])('%s', (_label, source, found) => {
    expect(taggedTitles('test/unit/x.test.ts', source)).toEqual(
      found.map((f) => ({ file: 'test/unit/x.test.ts', ...f })),
    );
  });
});

describe('unknown IDs, coverage and the report', () => {
  const parsed = parseRequirements(REQUIREMENTS);
  const titles = [
    { file: 'test/a.test.ts', line: 3, title: `${tag('CAR-01')} marks | pipes`, ids: ['CAR-01'] },
    { file: 'test/b.test.ts', line: 9, title: `${tag('CAR-01')}${tag('IT-03')} locks`, ids: ['CAR-01', 'IT-03'] },
  ];

  it.each<[string, string[], string[]]>([
    ['all known', ['CAR-01', 'IT-08'], []],
    ['one unknown', ['CAR-01', 'CAR-99'], ['CAR-99']],
    ['several unknown, misspelt ones too', ['ACC-01', 'IT-3', 'it-03', 'IT-03'], ['ACC-01', 'IT-3', 'it-03']],
  ])('unknownIds: %s', (_label, ids, unknown) => {
    const t = [{ file: 'f', line: 1, title: 't', ids }];
    expect(unknownIds(t, parsed.requirements).map((u) => u.id)).toEqual(unknown);
  });

  it('counts enforceable requirements with at least one test', () => {
    const c = coverage(parsed.requirements, titles);
    expect(c).toEqual({ enforceable: 3, enforceableCovered: 1, total: 5, covered: 2 });
    expect(summaryLine(c)).toBe('1 of 3 enforceable requirements have at least one test');
  });

  it('renders the summary, one table per module and every test with file:line and title', () => {
    const md = renderReport(parsed, titles);
    expect(md).toContain('**1 of 3 enforceable requirements have at least one test.**');
    expect(md).toContain('## CAR — Classified carriers (涉密载体)');
    expect(md).toContain('## IT — Information systems');
    const car01 = md.split('\n').find((l) => l.startsWith('| CAR-01 |'));
    expect(car01).toContain('`test/a.test.ts`');
    expect(car01).toContain('marks \\| pipes');
    expect(car01).toContain('`test/b.test.ts`');
    expect(md.split('\n').find((l) => l.startsWith('| CAR-02 |'))).toMatch(/\| – \|$/);
    expect(md.split('\n').find((l) => l.startsWith('| IT-03 |'))).toContain('| R | Screen lock after 5 min |');
    expect(renderReport(parsed, titles)).toBe(md);
  });

  it.each<[string, number, string]>([
    ['short', 110, 'short'],
    ['drops the note *(note: BUILT)* here', 110, 'drops the note here'],
    ['a note with parentheses *(note: largely BUILT (departed status))*', 110, 'a note with parentheses'],
    ['cut at a word boundary, please', 20, 'cut at a word…'],
    ['一二三四五六七八九十', 5, '一二三四五…'],
  ])('shortText(%j, %i) = %j', (text, max, short) => {
    expect(shortText(text, max)).toBe(short);
  });
});
