/**
 * Pure functions of `npm run traceability` (scripts/traceability.mjs): read the requirement list, find the test
 * titles that name requirement IDs, and render docs/traceability.md. No file system here, so the unit test
 * (test/unit/platform/traceability.test.ts) can feed them text.
 *
 * A test proves a requirement by naming its ID in brackets in its title: `it('[CAR-03] refuses ...')`, several
 * at once as `[ACC-01][ACC-02]`. Titles are read with the TypeScript parser (already a dev dependency), so
 * it.each tables, generics, template titles and regular expressions in the tests cannot confuse it.
 */
import ts from 'typescript';

/**
 * `[CAR-03]`: an ID in brackets, as test titles name requirements. Loose on purpose (`[car-3]` is a tag too): a
 * misspelt tag then fails as an unknown ID instead of being skipped without a word.
 */
const TAG = /\[([A-Za-z]{2,6}-\d{1,4})\]/g;
/** A module heading of REQUIREMENTS.md: `### CAR — Classified carriers (...)`. */
const MODULE_HEADING = /^###\s+([A-Z]{2,6})\s+[—–-]+\s+(.+?)\s*$/;
/** The functions whose first argument is a test or suite title. */
const TEST_FUNCTIONS = new Set(['it', 'test', 'describe', 'suite']);

/** Splits a Markdown table row into its trimmed cells (a `\|` inside a cell is not a separator). */
export function tableCells(line) {
  const body = line.trim().replace(/^\|/, '').replace(/\|$/, '');
  return body.split(/(?<!\\)\|/).map((c) => c.trim().replace(/\\\|/g, '|'));
}

/** The kinds of a requirement's Kind cell: `E,R` -> ['E', 'R']. */
export function kindsOf(kind) {
  return kind
    .split(/[,，\s/]+/)
    .map((k) => k.trim().toUpperCase())
    .filter(Boolean);
}

/** Enforceable: the system blocks an action (kind E, alone or with others). */
export function isEnforceable(requirement) {
  return kindsOf(requirement.kind).includes('E');
}

/**
 * Reads REQUIREMENTS.md: every table row whose first cell is an ID, under the module heading it follows.
 * The Kind is the last cell, the requirement text the second. Returns them in document order, with the modules
 * in order of their headings. Throws on an ID listed twice or a row whose ID does not match its module.
 */
export function parseRequirements(markdown) {
  const requirements = [];
  const modules = [];
  const seen = new Set();
  let module = null;
  for (const [i, line] of markdown.split(/\r?\n/).entries()) {
    const heading = MODULE_HEADING.exec(line);
    if (heading) {
      module = { code: heading[1], title: heading[2] };
      modules.push(module);
      continue;
    }
    if (/^#{1,3}\s/.test(line)) {
      module = null; // another section ("Only organisational", ...): its tables list no requirements
      continue;
    }
    if (!module || !line.trim().startsWith('|')) continue;
    const cells = tableCells(line);
    const id = cells[0] ?? '';
    if (!/^[A-Z]{2,6}-\d{2,3}$/.test(id)) continue; // header, separator or another table
    if (!id.startsWith(`${module.code}-`)) {
      throw new Error(`REQUIREMENTS.md line ${i + 1}: ${id} is listed under module ${module.code}`);
    }
    if (seen.has(id)) throw new Error(`REQUIREMENTS.md line ${i + 1}: ${id} is listed twice`);
    if (cells.length < 3) throw new Error(`REQUIREMENTS.md line ${i + 1}: ${id} has no Kind column`);
    seen.add(id);
    requirements.push({ id, module: module.code, kind: kindsOf(cells[cells.length - 1]).join(','), text: cells[1] });
  }
  return { modules: modules.filter((m) => requirements.some((r) => r.module === m.code)), requirements };
}

/** The requirement IDs a title names, in order, each once: '[ACC-01][ACC-02] x' -> ['ACC-01', 'ACC-02']. */
export function idsInTitle(title) {
  return [...new Set([...title.matchAll(TAG)].map((m) => m[1]))];
}

/** The name a test call starts from: `it`, `it.each(rows)`, `describe.each<T>(x)`, `it.skipIf(c)` -> 'it'. */
function testFunctionOf(callee) {
  let e = callee;
  for (;;) {
    if (ts.isCallExpression(e)) e = e.expression;
    else if (ts.isPropertyAccessExpression(e)) e = e.expression;
    else if (ts.isParenthesizedExpression(e) || ts.isNonNullExpression(e)) e = e.expression;
    else break;
  }
  return ts.isIdentifier(e) && TEST_FUNCTIONS.has(e.text) ? e.text : null;
}

/** The text of a title argument: a string, or a template as written (`covers ${n} items`). */
function titleText(arg, source) {
  if (ts.isStringLiteral(arg) || ts.isNoSubstitutionTemplateLiteral(arg)) return arg.text;
  if (ts.isTemplateExpression(arg)) return arg.getText(source).slice(1, -1);
  return null;
}

/**
 * Every it/test/describe title of a test file (it.each and describe.each titles included) that names at least
 * one ID: { file, line, title, ids }, in source order. `file` is the path as given (shown in the report).
 */
export function taggedTitles(file, sourceText) {
  const source = ts.createSourceFile(file, sourceText, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found = [];
  const visit = (node) => {
    if (ts.isCallExpression(node) && node.arguments.length > 0 && testFunctionOf(node.expression)) {
      // `it.each(rows)` is itself a call of `it`; only the call that receives the title has a string first.
      const title = titleText(node.arguments[0], source);
      if (title !== null) {
        const ids = idsInTitle(title);
        if (ids.length > 0) {
          const line = source.getLineAndCharacterOfPosition(node.arguments[0].getStart(source)).line + 1;
          found.push({ file, line, title, ids });
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** Tagged titles naming an ID the requirement list does not have: [{ ...title, id }]. */
export function unknownIds(titles, requirements) {
  const known = new Set(requirements.map((r) => r.id));
  return titles.flatMap((t) => t.ids.filter((id) => !known.has(id)).map((id) => ({ ...t, id })));
}

/** The tests naming each ID: Map id -> titles, in the order given. */
export function testsById(titles) {
  const by = new Map();
  for (const t of titles) {
    for (const id of t.ids) {
      if (!by.has(id)) by.set(id, []);
      by.get(id).push(t);
    }
  }
  return by;
}

/** The counts of the summary line. */
export function coverage(requirements, titles) {
  const by = testsById(titles);
  const enforceable = requirements.filter(isEnforceable);
  return {
    enforceable: enforceable.length,
    enforceableCovered: enforceable.filter((r) => by.has(r.id)).length,
    total: requirements.length,
    covered: requirements.filter((r) => by.has(r.id)).length,
  };
}

/** The summary line: "N of M enforceable requirements have at least one test". */
export function summaryLine(c) {
  return `${c.enforceableCovered} of ${c.enforceable} enforceable requirements have at least one test`;
}

/** A requirement's text cut to about `max` characters at a word boundary, without its editorial note. */
export function shortText(text, max = 110) {
  const plain = text
    .replace(/\s*\*\(note:.*?\)\*/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  if ([...plain].length <= max) return plain;
  const cut = [...plain].slice(0, max).join('');
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,;:—–-]+$/, '')}…`;
}

/** A table cell: no line breaks, pipes escaped. */
function cell(s) {
  return s.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');
}

/**
 * A test as one line of a cell: its file and its title in quotes. No line number, so the report changes only
 * when a tagged title does (and `--check` can stay quiet while code around it moves).
 */
function testRef(t) {
  return `\`${t.file}\` ${cell(JSON.stringify(t.title).replace(/`/g, "'"))}`;
}

/**
 * docs/traceability.md: how it is made, the summary, then one table per module (ID, kind, short text, tests).
 * Deterministic (no date), so running it twice changes nothing.
 */
export function renderReport(
  { modules, requirements },
  titles,
  { requirementsPath = '../shared/REQUIREMENTS.md' } = {},
) {
  const by = testsById(titles);
  const c = coverage(requirements, titles);
  const out = [
    '# Requirement traceability',
    '',
    `Generated by \`npm run traceability\` (\`scripts/traceability.mjs\`); do not edit by hand. It reads the`,
    `requirement IDs from \`${requirementsPath}\` and the titles of the tests in \`test/**/*.test.ts\`: a test that`,
    "proves a requirement names its ID in brackets in its title (`it('[CAR-03] refuses a dispatch by a non-designated",
    "handler')`), several as `[ACC-01][ACC-02]`. A title naming an ID that does not exist fails the script. Kinds:",
    '**E** enforced (the system blocks an action), **R** record, **D** reminder or deadline, **P** report.',
    '',
    `**${summaryLine(c)}.** ${c.covered} of ${c.total} requirements of every kind have at least one.`,
    '',
  ];
  for (const m of modules) {
    const rows = requirements.filter((r) => r.module === m.code);
    const eRows = rows.filter(isEnforceable);
    out.push(
      `## ${m.code} — ${m.title}`,
      '',
      `${eRows.filter((r) => by.has(r.id)).length} of ${eRows.length} enforceable with a test.`,
      '',
      '| ID | Kind | Requirement | Tests |',
      '|---|---|---|---|',
    );
    for (const r of rows) {
      const tests = (by.get(r.id) ?? []).map(testRef).join('<br>');
      out.push(`| ${r.id} | ${r.kind} | ${cell(shortText(r.text))} | ${tests || '–'} |`);
    }
    out.push('');
  }
  return out.join('\n');
}
