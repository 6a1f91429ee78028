/**
 * The organisation import's row rules, pure: every cell is checked with the schema the create forms use
 * (contracts/directory.ts), then the rows against each other and the directory (duplicates, parents, cycles,
 * departments). Table-tested in test/unit/identity/import-rules.test.ts.
 */
import type { z } from 'zod';
import type { BusinessRole } from '../../../kernel/roles.js';
import { usernameKey } from '../../../kernel/username.js';
import { createDepartmentBody, createUserBody } from '../contracts/directory.js';
import type {
  DepartmentColumn,
  DepartmentRowResult,
  ImportError,
  PersonColumn,
  PersonRowResult,
} from '../contracts/import.js';
import {
  FORMULA_LIKE,
  importError,
  parseBusinessRoles,
  parseComputerUser,
  parseHiredOn,
  type RawRow,
} from './import-cells.js';

/** What the directory already holds, as far as the rules need it. */
export interface DirectorySnapshot {
  /** Departments by code: their name and their parent's code (null at the top or when the parent has none). */
  departments: ReadonlyMap<string, { name: string; parentCode: string | null }>;
  usernameKeys: ReadonlySet<string>;
}

export interface NewDepartment {
  code: string;
  name: string;
  parentCode: string | null;
  sortOrder: number;
}
export interface NewPerson {
  row: number;
  username: string;
  displayName: string;
  departmentCode: string | null;
  post: string | null;
  email: string | null;
  businessRoles: BusinessRole[];
  hiredOn: string | null;
  computerUser: boolean;
}

export interface ImportCheck {
  departments: DepartmentRowResult[];
  people: PersonRowResult[];
  /** The valid new departments, parents before children. */
  newDepartments: NewDepartment[];
  newPeople: NewPerson[];
}

const FORMAT_RULES: Record<string, string> = {
  code: 'A-Z a-z 0-9 _ -, 1-32',
  username: 'A-Z a-z 0-9 . _ -, 3-64',
};

/** The schema's verdict on one value, as the import's problems. */
function schemaErrors(column: string, schema: z.ZodType, value: unknown): ImportError[] {
  const r = schema.safeParse(value);
  if (r.success) return [];
  const out: ImportError[] = [];
  for (const issue of r.error.issues) {
    let e: ImportError;
    if (issue.code === 'too_big') e = importError(column, 'too_long', { max: String(issue.maximum) });
    else if (issue.code === 'too_small') e = importError(column, 'required');
    else if (issue.code === 'invalid_format' && issue.format === 'email') e = importError(column, 'bad_email');
    else if (issue.code === 'invalid_format')
      e = importError(column, 'bad_format', { rule: FORMAT_RULES[column] ?? issue.message });
    else e = importError(column, 'bad_text');
    if (!out.some((x) => x.problem === e.problem)) out.push(e);
  }
  return out;
}

/** Reads one cell: its trimmed text, or the problem that refuses it. */
function cellText<C extends string>(raw: RawRow<C>, column: C, errors: ImportError[]): string {
  const cell = raw.cells[column];
  if (!cell) return '';
  if ('refused' in cell) {
    errors.push(importError(column, cell.refused));
    return '';
  }
  if (!('text' in cell)) {
    errors.push(importError(column, 'not_text'));
    return '';
  }
  const text = cell.text.trim();
  if (FORMULA_LIKE.test(text)) {
    errors.push(importError(column, 'formula'));
    return text;
  }
  return text;
}

function required(column: string, text: string, errors: ImportError[]): boolean {
  if (text !== '') return true;
  if (!errors.some((e) => e.column === column)) errors.push(importError(column, 'required'));
  return false;
}

const hasColumnError = (errors: readonly ImportError[], column: string) => errors.some((e) => e.column === column);

/** Marks every row of a duplicated key, naming the other row. */
function markDuplicates<T extends { row: number; errors: ImportError[] }>(
  rows: readonly T[],
  column: string,
  keyOf: (r: T) => string | null,
  shown: (r: T) => string,
): void {
  const first = new Map<string, T>();
  for (const r of rows) {
    const k = keyOf(r);
    if (!k) continue;
    const prior = first.get(k);
    if (!prior) {
      first.set(k, r);
      continue;
    }
    r.errors.push(importError(column, 'duplicate_in_file', { value: shown(r), other: String(prior.row) }));
    if (!prior.errors.some((e) => e.problem === 'duplicate_in_file'))
      prior.errors.push(importError(column, 'duplicate_in_file', { value: shown(prior), other: String(r.row) }));
  }
}

export function checkImport(
  deptRows: readonly RawRow<DepartmentColumn>[],
  personRows: readonly RawRow<PersonColumn>[],
  dir: DirectorySnapshot,
): ImportCheck {
  // ---- Departments: each cell, then the codes against each other and the directory, then the tree.
  const depts = deptRows.map((raw) => {
    const errors: ImportError[] = [];
    const code = cellText(raw, 'code', errors);
    const name = cellText(raw, 'name', errors);
    const parentCode = cellText(raw, 'parentCode', errors);
    const sortOrder = cellText(raw, 'sortOrder', errors);
    if (required('code', code, errors) && !hasColumnError(errors, 'code'))
      errors.push(...schemaErrors('code', createDepartmentBody.shape.code, code));
    if (required('name', name, errors) && !hasColumnError(errors, 'name'))
      errors.push(...schemaErrors('name', createDepartmentBody.shape.name, name));
    if (parentCode && !hasColumnError(errors, 'parentCode'))
      errors.push(...schemaErrors('parentCode', createDepartmentBody.shape.code, parentCode));
    let order = 0;
    if (sortOrder && !hasColumnError(errors, 'sortOrder')) {
      order = /^\d{1,7}$/.test(sortOrder) ? Number(sortOrder) : -1;
      if (!createDepartmentBody.shape.sortOrder.safeParse(order).success)
        errors.push(importError('sortOrder', 'bad_number'));
    }
    const result: DepartmentRowResult = {
      row: raw.row,
      code,
      name,
      parentCode,
      sortOrder,
      status: 'new',
      errors,
    };
    return { result, errors, order };
  });
  markDuplicates(
    depts.map((d) => d.result),
    'code',
    (r) => (hasColumnError(r.errors, 'code') ? null : r.code),
    (r) => r.code,
  );
  for (const d of depts) {
    const r = d.result;
    const known = dir.departments.get(r.code);
    if (!known || hasColumnError(r.errors, 'code')) continue;
    if (known.name === r.name && (known.parentCode ?? '') === r.parentCode) r.status = 'existing';
    else r.errors.push(importError('code', 'code_taken', { value: r.code }));
  }
  // A file row per code (duplicates are already errors).
  const fileByCode = new Map<string, (typeof depts)[number]>();
  for (const d of depts) if (d.result.code && !fileByCode.has(d.result.code)) fileByCode.set(d.result.code, d);
  for (const d of depts) {
    const p = d.result.parentCode;
    if (!p || hasColumnError(d.errors, 'parentCode')) continue;
    if (!fileByCode.has(p) && !dir.departments.has(p))
      d.errors.push(importError('parentCode', 'unknown_parent', { value: p }));
  }
  // Cycles among the file's rows: follow each row's parent through the file until the top, the directory, or a
  // code already on the path.
  const inCycle = new Set<string>();
  for (const d of depts) {
    const path: string[] = [];
    let cur: string | undefined = d.result.code;
    while (cur && !path.includes(cur) && !inCycle.has(cur)) {
      const row = fileByCode.get(cur);
      // The top, a directory department or one the file repeats as it is: the chain ends there.
      if (!row || row.result.status === 'existing') cur = undefined;
      else {
        path.push(cur);
        cur = row.result.parentCode || undefined;
      }
    }
    if (cur && path.includes(cur)) {
      const loop = path.slice(path.indexOf(cur));
      const shown = [...loop, cur].join(' → ');
      for (const c of loop) {
        inCycle.add(c);
        const row = fileByCode.get(c)!;
        if (!row.errors.some((e) => e.problem === 'cycle'))
          row.errors.push(importError('parentCode', 'cycle', { value: shown }));
      }
    }
  }
  // A department under a row with errors cannot be created either (repeat until nothing changes: a chain).
  for (let changed = true; changed;) {
    changed = false;
    for (const d of depts) {
      if (d.errors.length) continue;
      const parent = d.result.parentCode ? fileByCode.get(d.result.parentCode) : undefined;
      if (parent && parent.errors.length) {
        d.errors.push(importError('parentCode', 'parent_invalid', { value: d.result.parentCode }));
        changed = true;
      }
    }
  }
  for (const d of depts) if (d.errors.length) d.result.status = 'invalid';

  // Parents first: a new department is created after the new one it sits under.
  const newDepartments: NewDepartment[] = [];
  const placed = new Set<string>();
  const place = (d: (typeof depts)[number]) => {
    if (d.result.status !== 'new' || placed.has(d.result.code)) return;
    placed.add(d.result.code);
    const parent = d.result.parentCode ? fileByCode.get(d.result.parentCode) : undefined;
    if (parent) place(parent);
    newDepartments.push({
      code: d.result.code,
      name: d.result.name,
      parentCode: d.result.parentCode || null,
      sortOrder: d.order,
    });
  };
  depts.forEach(place);

  // ---- People: each cell, then usernames against each other and the directory, then their department.
  const people = personRows.map((raw) => {
    const errors: ImportError[] = [];
    const username = cellText(raw, 'username', errors);
    const displayName = cellText(raw, 'displayName', errors);
    const departmentCode = cellText(raw, 'departmentCode', errors);
    const post = cellText(raw, 'post', errors);
    const email = cellText(raw, 'email', errors);
    const rolesText = cellText(raw, 'businessRoles', errors);
    const hiredOn = parseHiredOn(raw.cells.hiredOn);
    const computerUser = parseComputerUser(raw.cells.computerUser);
    errors.push(...hiredOn.errors, ...computerUser.errors);
    const shape = createUserBody.shape;
    if (required('username', username, errors) && !hasColumnError(errors, 'username'))
      errors.push(...schemaErrors('username', shape.username, username));
    if (required('displayName', displayName, errors) && !hasColumnError(errors, 'displayName'))
      errors.push(...schemaErrors('displayName', shape.displayName, displayName));
    if (post && !hasColumnError(errors, 'post')) errors.push(...schemaErrors('post', shape.post, post));
    if (email && !hasColumnError(errors, 'email')) errors.push(...schemaErrors('email', shape.email, email));
    let roles: BusinessRole[] = [];
    if (rolesText && !hasColumnError(errors, 'businessRoles')) {
      const parsed = parseBusinessRoles(rolesText);
      roles = parsed.roles;
      errors.push(...parsed.errors);
    }
    const result: PersonRowResult = {
      row: raw.row,
      username,
      displayName,
      departmentCode,
      post,
      email,
      businessRoles: rolesText,
      hiredOn: hiredOn.shown,
      computerUser: computerUser.shown,
      status: 'new',
      errors,
    };
    return { result, errors, roles, hiredOn: hiredOn.value, computerUser: computerUser.value };
  });
  markDuplicates(
    people.map((p) => p.result),
    'username',
    (r) => (hasColumnError(r.errors, 'username') ? null : usernameKey(r.username)),
    (r) => r.username,
  );
  for (const p of people) {
    const r = p.result;
    if (!hasColumnError(r.errors, 'username') && dir.usernameKeys.has(usernameKey(r.username)))
      r.errors.push(importError('username', 'username_taken', { value: r.username }));
    const code = r.departmentCode;
    if (!code || hasColumnError(r.errors, 'departmentCode')) continue;
    const fromFile = fileByCode.get(code);
    if (fromFile) {
      if (fromFile.errors.length) r.errors.push(importError('departmentCode', 'department_invalid', { value: code }));
    } else if (!dir.departments.has(code)) {
      r.errors.push(importError('departmentCode', 'unknown_department', { value: code }));
    }
  }
  const newPeople: NewPerson[] = [];
  for (const p of people) {
    if (p.errors.length) {
      p.result.status = 'invalid';
      continue;
    }
    const r = p.result;
    newPeople.push({
      row: r.row,
      username: r.username,
      displayName: r.displayName,
      departmentCode: r.departmentCode || null,
      post: r.post || null,
      email: r.email || null,
      businessRoles: p.roles,
      hiredOn: p.hiredOn,
      computerUser: p.computerUser,
    });
  }
  return {
    departments: depts.map((d) => d.result),
    people: people.map((p) => p.result),
    newDepartments,
    newPeople,
  };
}
