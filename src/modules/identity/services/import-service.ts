/**
 * Bringing the organisation in (issue 15): departments and people from an XLSX workbook. The preview checks every
 * row (import-rules.ts) against the directory; the commit checks again inside its transaction and creates the
 * departments (parents first) and the accounts (through `insertUser`, as the create form does), all or, with
 * `validOnly`, the valid rows, as one audited `directory.import`. Only the system administrator, who manages
 * the directory, may; a file is imported once (by its SHA-256).
 */
import crypto from 'node:crypto';
import { authorize } from '../../../platform/authorize.js';
import { audit, newId, tx, type AppContext, type RequestContext } from '../../../platform/context.js';
import { AppError } from '../../../platform/errors.js';
import { generateOneTimePassword, hashPassword } from '../../../platform/crypto/password-hash.js';
import { mailConfigured, queueEmail } from '../../../platform/mail/outbox.js';
import { settingStore } from '../../../platform/settings/setting-store.js';
import type { Db } from '../../../platform/db/database.js';
import type { Trx } from '../../../platform/audit/audit-repo.js';
import type { ImportCommitResult, ImportCredential, ImportLang, ImportPreview } from '../contracts/import.js';
import type { DepartmentTable } from '../schema.js';
import { checkImport, type DirectorySnapshot, type ImportCheck, type NewPerson } from './import-rules.js';
import { importErrorFile, importTemplate, readImportFile, type ImportFile } from './import-xlsx.js';
import { insertUser } from './user-service.js';

/** The files imported so far, by hash (the latest few hundred): the same file is not imported twice. */
interface ImportedFiles {
  files: { sha256: string; at: string; departments: number; users: number }[];
}
const IMPORTED = settingStore<ImportedFiles>('directory_imports', { files: [] });
const KEEP_IMPORTED = 500;

/** Creating departments and accounts together: the system administrator's (the policy's `department.manage` and `user.manage`). */
async function requireImporter(ctx: AppContext, rc: RequestContext): Promise<void> {
  for (const action of ['user.manage', 'department.manage'] as const)
    await authorize(
      ctx,
      rc,
      action,
      { kind: 'none' },
      { audit: { action: 'directory.import', targetType: 'directory', targetId: null, details: null } },
    );
}

const sha256Of = (buf: Buffer) => crypto.createHash('sha256').update(buf).digest('hex');

async function snapshot(q: Db | Trx): Promise<DirectorySnapshot & { ids: Map<string, string> }> {
  const rows = await q.selectFrom('departments').select(['id', 'code', 'name', 'parent_id']).execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  const departments = new Map<string, { name: string; parentCode: string | null }>();
  const ids = new Map<string, string>();
  for (const r of rows) {
    if (!r.code) continue;
    departments.set(r.code, { name: r.name, parentCode: (r.parent_id && byId.get(r.parent_id)?.code) || null });
    ids.set(r.code, r.id);
  }
  const users = await q.selectFrom('users').select('username_key').execute();
  return { departments, ids, usernameKeys: new Set(users.map((u) => u.username_key)) };
}

function countsOf(check: ImportCheck): ImportPreview['counts'] {
  const c = (rows: readonly { status: string }[]) => {
    const invalid = rows.filter((r) => r.status === 'invalid').length;
    return { rows: rows.length, valid: rows.length - invalid, invalid };
  };
  return { departments: c(check.departments), people: c(check.people) };
}

async function previewOf(ctx: AppContext, buf: Buffer): Promise<{ preview: ImportPreview; file: ImportFile }> {
  const sha256 = sha256Of(buf);
  const file = await readImportFile(buf);
  const check = checkImport(file.departments, file.people, await snapshot(ctx.db));
  const imported = (await IMPORTED.get(ctx)).value.files.find((f) => f.sha256 === sha256);
  return {
    file,
    preview: {
      sha256,
      importedAt: imported?.at ?? null,
      fileErrors: file.fileErrors,
      departments: check.departments,
      people: check.people,
      counts: countsOf(check),
    },
  };
}

/** Reads and checks the workbook; changes nothing. The same file always gives the same preview. */
export async function previewImport(ctx: AppContext, rc: RequestContext, buf: Buffer): Promise<ImportPreview> {
  await requireImporter(ctx, rc);
  return (await previewOf(ctx, buf)).preview;
}

/** The rows with errors as a file to correct and upload again. */
export async function importErrors(
  ctx: AppContext,
  rc: RequestContext,
  buf: Buffer,
  format: 'xlsx' | 'csv',
  lang: ImportLang,
): Promise<{ body: Buffer; filename: string }> {
  await requireImporter(ctx, rc);
  const { preview } = await previewOf(ctx, buf);
  const body = await importErrorFile(format, lang, preview.fileErrors, preview.departments, preview.people);
  return { body, filename: `import-errors-${preview.sha256.slice(0, 8)}.${format}` };
}

export async function importTemplateFile(
  ctx: AppContext,
  rc: RequestContext,
  lang: ImportLang,
): Promise<{ body: Buffer; filename: string }> {
  await requireImporter(ctx, rc);
  return { body: await importTemplate(lang), filename: `organisation-import-${lang}.xlsx` };
}

function invalidCount(check: ImportCheck): number {
  const c = countsOf(check);
  return c.departments.invalid + c.people.invalid;
}

function refuseInvalid(check: ImportCheck): never {
  const c = countsOf(check);
  throw new AppError(
    'validation_failed',
    `${c.departments.invalid + c.people.invalid} rows have errors; correct them, or import the valid rows only`,
    { importProblem: 'rows_invalid', departments: c.departments.invalid, people: c.people.invalid },
  );
}

const alreadyImported = (at: string) =>
  new AppError('conflict', `This file was already imported at ${at}`, {
    importProblem: 'already_imported',
    importedAt: at,
  });

const welcomeMail = (p: NewPerson, oneTimePassword: string) => ({
  subject: 'Baomi 账号已开通 / Your Baomi account',
  text: [
    `${p.displayName}，您好：`,
    '您的 Baomi 账号已开通。',
    `用户名：${p.username}`,
    `一次性密码：${oneTimePassword}`,
    '首次登录时须修改密码。如非本人申请，请联系系统管理员。',
    '',
    `Hello ${p.displayName},`,
    'Your Baomi account is ready.',
    `Username: ${p.username}`,
    `One-time password: ${oneTimePassword}`,
    'You must change it when you first sign in. If you did not expect this, tell your system administrator.',
  ].join('\n'),
});

/**
 * Imports the file: every row, or with `validOnly` the valid ones; nothing when a row fails otherwise. One
 * transaction; each department and account is audited as its create form would, and the whole as
 * `directory.import` with its counts. One-time passwords are mailed where the person has an address and mail
 * is configured, and otherwise answered once.
 */
export async function commitImport(
  ctx: AppContext,
  rc: RequestContext,
  buf: Buffer,
  opts: { validOnly: boolean; sha256?: string | undefined },
): Promise<ImportCommitResult> {
  await requireImporter(ctx, rc);
  const sha256 = sha256Of(buf);
  if (opts.sha256 && opts.sha256 !== sha256)
    throw new AppError('validation_failed', 'This is not the file that was previewed', {
      importProblem: 'other_file',
    });
  const already = (await IMPORTED.get(ctx)).value.files.find((f) => f.sha256 === sha256);
  if (already) throw alreadyImported(already.at);
  const file = await readImportFile(buf);
  if (file.fileErrors.length)
    throw new AppError('validation_failed', 'The workbook does not have the sheets and columns of the template', {
      importProblem: 'file_invalid',
      fileErrors: file.fileErrors,
    });
  const first = checkImport(file.departments, file.people, await snapshot(ctx.db));
  if (!opts.validOnly && invalidCount(first)) refuseInvalid(first);
  // Passwords are hashed before the transaction: the key derivation is slow on purpose.
  const secrets = new Map<string, { otp: string; hash: string }>();
  for (const p of first.newPeople) {
    const otp = generateOneTimePassword();
    secrets.set(p.username, { otp, hash: await hashPassword(otp, ctx.config.kdfCost) });
  }
  const mail = mailConfigured(ctx);
  const answer = await tx(ctx, async (trx) => {
    const imported = await IMPORTED.get(ctx, trx);
    const before = imported.value.files.find((f) => f.sha256 === sha256);
    if (before) throw alreadyImported(before.at);
    // The directory may have changed since the check above: check again where the writes happen.
    const dir = await snapshot(trx);
    const check = checkImport(file.departments, file.people, dir);
    if (!opts.validOnly && invalidCount(check)) refuseInvalid(check);
    if (!check.newDepartments.length && !check.newPeople.length)
      throw new AppError('validation_failed', 'No row can be imported', { importProblem: 'nothing_valid' });
    const now = ctx.now().toISOString();
    const idOf = new Map(dir.ids);
    const nameOf = new Map<string, string>();
    for (const [code, d] of dir.departments) nameOf.set(code, d.name);
    for (const d of check.newDepartments) {
      const row: DepartmentTable = {
        id: newId(),
        parent_id: d.parentCode ? (idOf.get(d.parentCode) ?? null) : null,
        name: d.name,
        code: d.code,
        sort_order: d.sortOrder,
        leader_in_charge_id: null,
        created_at: now,
        updated_at: now,
        version: 1,
      };
      await trx.insertInto('departments').values(row).execute();
      idOf.set(d.code, row.id);
      nameOf.set(d.code, d.name);
      await audit(trx, ctx, rc, {
        action: 'department.create',
        targetType: 'department',
        targetId: row.id,
        details: { name: row.name, parentId: row.parent_id, code: row.code, import: sha256 },
      });
    }
    const credentials: ImportCredential[] = [];
    const mailed: string[] = [];
    for (const p of check.newPeople) {
      let secret = secrets.get(p.username);
      if (!secret) {
        const otp = generateOneTimePassword();
        secret = { otp, hash: await hashPassword(otp, ctx.config.kdfCost) };
      }
      await insertUser(
        trx,
        ctx,
        rc,
        {
          username: p.username,
          displayName: p.displayName,
          email: p.email,
          departmentId: p.departmentCode ? (idOf.get(p.departmentCode) ?? null) : null,
          post: p.post,
          businessRoles: p.businessRoles,
          hiredOn: p.hiredOn,
          computerUser: p.computerUser,
        },
        secret.hash,
        null,
      );
      if (mail && p.email) {
        await queueEmail(trx, ctx, { to: p.email, ...welcomeMail(p, secret.otp) });
        mailed.push(p.username);
      } else {
        credentials.push({
          username: p.username,
          displayName: p.displayName,
          departmentName: p.departmentCode ? (nameOf.get(p.departmentCode) ?? null) : null,
          oneTimePassword: secret.otp,
        });
      }
    }
    const rowsSkipped = invalidCount(check);
    const result = {
      sha256,
      departmentsCreated: check.newDepartments.length,
      usersCreated: check.newPeople.length,
      rowsSkipped,
    };
    await IMPORTED.save(trx, ctx, imported.version, {
      files: [
        { sha256, at: now, departments: result.departmentsCreated, users: result.usersCreated },
        ...imported.value.files,
      ].slice(0, KEEP_IMPORTED),
    });
    await audit(trx, ctx, rc, {
      action: 'directory.import',
      targetType: 'directory',
      targetId: null,
      details: {
        ...result,
        departmentsExisting: check.departments.filter((d) => d.status === 'existing').length,
        validOnly: opts.validOnly,
        passwordsMailed: mailed.length,
        passwordsHandedOver: credentials.length,
      },
    });
    return { ...result, mailed, credentials };
  });
  IMPORTED.invalidate(ctx);
  return answer;
}
