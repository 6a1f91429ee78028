import { z } from 'zod';
import { BUSINESS_ROLES } from '../../../kernel/roles.js';

/**
 * Bringing the organisation in: an XLSX workbook with two sheets, departments (a tree by parent code) and people,
 * previewed row by row, its errors downloadable, then committed in one transaction (import-service.ts).
 */

export const IMPORT_LANGS = ['zh-CN', 'en-US'] as const;
export type ImportLang = (typeof IMPORT_LANGS)[number];
export type ImportText = Record<ImportLang, string>;

export const DEPARTMENT_COLUMNS = ['code', 'name', 'parentCode', 'sortOrder'] as const;
export const PERSON_COLUMNS = [
  'username',
  'displayName',
  'departmentCode',
  'post',
  'email',
  'businessRoles',
  'hiredOn',
  'computerUser',
] as const;
export type DepartmentColumn = (typeof DEPARTMENT_COLUMNS)[number];
export type PersonColumn = (typeof PERSON_COLUMNS)[number];
/** Columns a sheet may leave out (they came after the first template): a workbook without them imports as before. */
export const OPTIONAL_COLUMNS: ReadonlySet<string> = new Set<PersonColumn>(['hiredOn', 'computerUser']);
export const IMPORT_SHEETS = ['departments', 'people'] as const;
export type ImportSheet = (typeof IMPORT_SHEETS)[number];

/** The sheets' names and header cells in each language: the template writes the reader's, the reader takes either. */
export const SHEET_NAMES: Record<ImportSheet, ImportText> = {
  departments: { 'zh-CN': '部门', 'en-US': 'Departments' },
  people: { 'zh-CN': '人员', 'en-US': 'People' },
};
export const COLUMN_HEADERS: {
  departments: Record<DepartmentColumn, ImportText>;
  people: Record<PersonColumn, ImportText>;
} = {
  departments: {
    code: { 'zh-CN': '部门编码', 'en-US': 'Code' },
    name: { 'zh-CN': '部门名称', 'en-US': 'Name' },
    parentCode: { 'zh-CN': '上级部门编码', 'en-US': 'Parent code' },
    sortOrder: { 'zh-CN': '排序', 'en-US': 'Sort order' },
  },
  people: {
    username: { 'zh-CN': '用户名', 'en-US': 'Username' },
    displayName: { 'zh-CN': '姓名', 'en-US': 'Display name' },
    departmentCode: { 'zh-CN': '部门编码', 'en-US': 'Department code' },
    post: { 'zh-CN': '岗位', 'en-US': 'Post' },
    email: { 'zh-CN': '电子邮箱', 'en-US': 'E-mail' },
    businessRoles: { 'zh-CN': '业务角色', 'en-US': 'Business roles' },
    hiredOn: { 'zh-CN': '入职日期', 'en-US': 'Hired on' },
    computerUser: { 'zh-CN': '计算机用户', 'en-US': 'Computer user' },
  },
};
/** The error file's extra column. */
export const ERROR_COLUMN: ImportText = { 'zh-CN': '错误', 'en-US': 'Errors' };

/** Why a row (or the whole file) cannot be imported. Each has its text in both languages below. */
export const IMPORT_PROBLEMS = [
  'required',
  'too_long',
  'bad_format',
  'bad_email',
  'bad_text',
  'bad_number',
  'unknown_role',
  'too_many_roles',
  'bad_date',
  'no_such_date',
  'bad_yes_no',
  'formula',
  'not_text',
  'duplicate_in_file',
  'username_taken',
  'code_taken',
  'unknown_parent',
  'parent_invalid',
  'cycle',
  'unknown_department',
  'department_invalid',
  'missing_column',
  'empty',
] as const;
export type ImportProblem = (typeof IMPORT_PROBLEMS)[number];

export const IMPORT_PROBLEM_TEXTS: Record<ImportProblem, ImportText> = {
  required: { 'zh-CN': '必填', 'en-US': 'Required' },
  too_long: { 'zh-CN': '过长（最多 {{max}} 个字符）', 'en-US': 'Too long (at most {{max}} characters)' },
  bad_format: { 'zh-CN': '格式不正确：{{rule}}', 'en-US': 'Wrong format: {{rule}}' },
  bad_email: { 'zh-CN': '不是有效的电子邮箱地址', 'en-US': 'Not a valid e-mail address' },
  bad_text: {
    'zh-CN': '含有不允许的字符（控制字符、换行或无效 Unicode）',
    'en-US': 'Contains characters that are not allowed (control characters, line breaks or invalid Unicode)',
  },
  bad_number: { 'zh-CN': '应为 0 到 100000 之间的整数', 'en-US': 'Must be a whole number from 0 to 100000' },
  unknown_role: {
    'zh-CN': '未知的业务角色“{{value}}”（可填：{{allowed}}）',
    'en-US': 'Unknown business role "{{value}}" (allowed: {{allowed}})',
  },
  too_many_roles: { 'zh-CN': '业务角色最多 4 个', 'en-US': 'At most 4 business roles' },
  bad_date: {
    'zh-CN': '“{{value}}”不是日期：请填写日期单元格或 YYYY-MM-DD 格式的文本（如 2026-03-01），不知道可留空',
    'en-US': '"{{value}}" is not a date: enter a date cell or text as YYYY-MM-DD (e.g. 2026-03-01), or leave it empty',
  },
  no_such_date: {
    'zh-CN': '日期“{{value}}”不存在（请检查月份和日）',
    'en-US': 'The date "{{value}}" does not exist (check the month and the day)',
  },
  bad_yes_no: {
    'zh-CN': '“{{value}}”不是“是”或“否”：请填写 是/否、yes/no、true/false 或 1/0，留空为否',
    'en-US': '"{{value}}" is neither yes nor no: enter 是/否, yes/no, true/false or 1/0; empty means no',
  },
  formula: {
    'zh-CN': '单元格是公式或以 = + - @ 开头，不予接受；请填写纯文本',
    'en-US': 'The cell is a formula or starts with = + - @ and is not accepted; enter plain text',
  },
  not_text: {
    'zh-CN': '单元格应为文本（不接受日期、逻辑值或错误值）',
    'en-US': 'The cell must be text (dates, true/false and error values are not accepted)',
  },
  duplicate_in_file: {
    'zh-CN': '“{{value}}”在文件中重复（另见第 {{other}} 行）',
    'en-US': '"{{value}}" appears more than once in the file (see also row {{other}})',
  },
  username_taken: { 'zh-CN': '用户名“{{value}}”已存在', 'en-US': 'The username "{{value}}" is already taken' },
  code_taken: {
    'zh-CN': '部门编码“{{value}}”已被其他部门使用',
    'en-US': 'The department code "{{value}}" is already used by another department',
  },
  unknown_parent: {
    'zh-CN': '上级部门编码“{{value}}”既不在文件中也不在系统中',
    'en-US': 'The parent code "{{value}}" is neither in the file nor in the directory',
  },
  parent_invalid: {
    'zh-CN': '上级部门“{{value}}”所在行有错误',
    'en-US': 'The row of the parent department "{{value}}" has errors',
  },
  cycle: {
    'zh-CN': '上级部门形成循环：{{value}}',
    'en-US': 'The parent codes form a cycle: {{value}}',
  },
  unknown_department: {
    'zh-CN': '部门编码“{{value}}”既不在文件中也不在系统中',
    'en-US': 'The department code "{{value}}" is neither in the file nor in the directory',
  },
  department_invalid: {
    'zh-CN': '部门“{{value}}”所在行有错误',
    'en-US': 'The row of the department "{{value}}" has errors',
  },
  missing_column: {
    'zh-CN': '缺少列“{{value}}”（请使用导入模板）',
    'en-US': 'The column "{{value}}" is missing (use the import template)',
  },
  empty: { 'zh-CN': '文件中没有部门或人员', 'en-US': 'The file has no departments and no people' },
};

/** Fills `{{name}}` placeholders of a problem's text. */
export function problemText(problem: ImportProblem, lang: ImportLang, params: Record<string, string> = {}): string {
  return IMPORT_PROBLEM_TEXTS[problem][lang].replace(/\{\{(\w+)\}\}/g, (_, k: string) => params[k] ?? '');
}

export const importErrorSchema = z.object({
  /** The column key (`DEPARTMENT_COLUMNS` / `PERSON_COLUMNS`), or null for the row or the file as a whole. */
  column: z.string().nullable(),
  problem: z.enum(IMPORT_PROBLEMS),
  message: z.object({ 'zh-CN': z.string(), 'en-US': z.string() }),
});
export type ImportError = z.infer<typeof importErrorSchema>;

export const IMPORT_ROW_STATUSES = ['new', 'existing', 'invalid'] as const;

export const departmentRowSchema = z.object({
  /** The row number in the sheet (1 is the header). */
  row: z.number().int(),
  code: z.string(),
  name: z.string(),
  parentCode: z.string(),
  sortOrder: z.string(),
  /** `existing`: the directory already has this code with this name and parent; it is left as it is. */
  status: z.enum(IMPORT_ROW_STATUSES),
  errors: z.array(importErrorSchema),
});
export const personRowSchema = z.object({
  row: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  departmentCode: z.string(),
  post: z.string(),
  email: z.string(),
  businessRoles: z.string(),
  /** The hire date as the cell gives it: a date cell as 'YYYY-MM-DD', text as written; '' when empty. */
  hiredOn: z.string(),
  /** The computer-user cell as written ('是', 'yes', '1', ...); '' when empty (no). */
  computerUser: z.string(),
  status: z.enum(IMPORT_ROW_STATUSES),
  errors: z.array(importErrorSchema),
});
export type DepartmentRowResult = z.infer<typeof departmentRowSchema>;
export type PersonRowResult = z.infer<typeof personRowSchema>;

const counts = z.object({ rows: z.number().int(), valid: z.number().int(), invalid: z.number().int() });

export const importPreviewResponse = z.object({
  /** The file's SHA-256 (hex): the commit names it, and a file already imported is refused by it. */
  sha256: z.string(),
  /** When this very file was imported before (it cannot be imported again). */
  importedAt: z.string().nullable(),
  fileErrors: z.array(importErrorSchema),
  departments: z.array(departmentRowSchema),
  people: z.array(personRowSchema),
  counts: z.object({ departments: counts, people: counts }),
});
export type ImportPreview = z.infer<typeof importPreviewResponse>;

/** The uploaded workbook: the raw bytes of the .xlsx file. */
export const importFileBody = z
  .custom<Buffer>((v) => Buffer.isBuffer(v), 'the workbook: an .xlsx file')
  .meta({ type: 'string', format: 'binary' });

export const IMPORT_MEDIA_TYPES = [
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/octet-stream',
] as const;

const langField = z.enum(IMPORT_LANGS).optional();
const sha256Field = z.string().regex(/^[0-9a-f]{64}$/, 'the SHA-256 of the file, 64 hex digits');

export const importTemplateQuery = z.strictObject({ lang: langField });
export const importErrorsQuery = z.strictObject({ lang: langField, format: z.enum(['xlsx', 'csv']).optional() });
export const importCommitQuery = z.strictObject({
  /** "Import the valid rows": without it, one row with an error stops the whole import. */
  validOnly: z.enum(['true', 'false']).optional(),
  /** The hash the preview showed: the commit is refused if the file is not that one. */
  sha256: sha256Field.optional(),
});

export const importCredentialSchema = z.object({
  username: z.string(),
  displayName: z.string(),
  departmentName: z.string().nullable(),
  oneTimePassword: z.string(),
});
export type ImportCredential = z.infer<typeof importCredentialSchema>;

export const importCommitResponse = z.object({
  sha256: z.string(),
  departmentsCreated: z.number().int(),
  usersCreated: z.number().int(),
  /** Rows left out (their errors as the preview shows them), with validOnly. */
  rowsSkipped: z.number().int(),
  /** People whose one-time password was mailed to them (the outbox sends it). */
  mailed: z.array(z.string()),
  /** The one-time passwords to hand over: shown once, never again. */
  credentials: z.array(importCredentialSchema),
});
export type ImportCommitResult = z.infer<typeof importCommitResponse>;

/** Business roles a cell may name: by code or by their name in either language. */
export const IMPORT_BUSINESS_ROLES = BUSINESS_ROLES;
