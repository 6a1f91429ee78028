import { useState, type ReactNode } from 'react';
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Popconfirm,
  Result,
  Space,
  Switch,
  Table,
  Tabs,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { DownloadOutlined, InboxOutlined, PrinterOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import i18n from '../../../app/i18n/index.js';
import { isApiError } from '../../../app/api/client.js';
import { useAbility } from '../../../app/auth.js';
import { showError } from '../../../app/feedback.js';
import { importApi, type ImportCommit, type ImportLang, type ImportPreview } from '../importApi.js';

type DeptRow = ImportPreview['departments'][number];
type PersonRow = ImportPreview['people'][number];
type RowError = DeptRow['errors'][number];

/** The people sheet's columns as the preview shows them (hire date and computer user as the cells give them). */
const PERSON_PREVIEW_COLUMNS = [
  'username',
  'displayName',
  'departmentCode',
  'post',
  'email',
  'businessRoles',
  'hiredOn',
  'computerUser',
] as const;

/** Only the credentials card is printed: the rest of the page is hidden on paper. */
const PRINT_CSS = `@media print {
  body * { visibility: hidden; }
  .baomi-import-print, .baomi-import-print * { visibility: visible; }
  .baomi-import-print { position: absolute; left: 0; top: 0; width: 100%; }
  .baomi-import-noprint { display: none !important; }
  .ant-layout-sider, .ant-layout-header { display: none !important; }
}`;

/** An import failure in words: the import's own reason when the server gave one, else the usual error text. */
function reportError(e: unknown): void {
  const why = isApiError(e) ? (e.details as { importProblem?: unknown } | undefined)?.importProblem : undefined;
  const key = `identity:import.problem.${String(why)}`;
  if (typeof why === 'string' && i18n.exists(key)) showError(new Error(i18n.t(key)));
  else showError(e);
}

/**
 * The organisation import (issue 15): the system administrator uploads the workbook, reads every row's errors,
 * downloads them to correct, and imports all rows or only the valid ones; the one-time passwords not mailed are
 * shown once, to print and hand over.
 */
export function ImportPage() {
  const { t, i18n: tr } = useTranslation('identity');
  const lang: ImportLang = tr.language === 'en-US' ? 'en-US' : 'zh-CN';
  const can = useAbility();
  const qc = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [validOnly, setValidOnly] = useState(false);
  const [result, setResult] = useState<ImportCommit | null>(null);
  const [busy, setBusy] = useState<'preview' | 'commit' | 'errors' | null>(null);

  if (!can('user.manage') || !can('department.manage'))
    return <Alert type="warning" showIcon message={t('import.noPermission')} />;

  async function load(f: File) {
    setFile(f);
    setPreview(null);
    setResult(null);
    setValidOnly(false);
    setBusy('preview');
    try {
      setPreview(await importApi.preview(f));
    } catch (e) {
      reportError(e);
    } finally {
      setBusy(null);
    }
  }
  async function downloadErrors(format: 'xlsx' | 'csv') {
    if (!file) return;
    setBusy('errors');
    try {
      await importApi.downloadErrors(file, { format, lang });
    } catch (e) {
      reportError(e);
    } finally {
      setBusy(null);
    }
  }
  async function commit() {
    if (!file || !preview) return;
    setBusy('commit');
    try {
      const r = await importApi.commit(file, { sha256: preview.sha256, validOnly: validOnly ? 'true' : 'false' });
      setResult(r);
      setPreview(null);
      setFile(null);
      void qc.invalidateQueries({ queryKey: ['departments'] });
      void qc.invalidateQueries({ queryKey: ['users'] });
    } catch (e) {
      reportError(e);
    } finally {
      setBusy(null);
    }
  }

  const c = preview?.counts;
  const invalid = c ? c.departments.invalid + c.people.invalid : 0;
  const valid = c ? c.departments.valid + c.people.valid : 0;
  const blocked = !preview || preview.fileErrors.length > 0 || preview.importedAt !== null || valid === 0;
  const canCommit = !blocked && (invalid === 0 || validOnly);

  const errorsOf = (errors: readonly RowError[]) =>
    errors.length ? (
      <ul style={{ margin: 0, paddingInlineStart: 16 }}>
        {errors.map((e, i) => (
          <li key={i}>
            <Typography.Text type="danger">
              {e.column ? `${t(`import.col.${e.column}`)}: ` : ''}
              {e.message[lang]}
            </Typography.Text>
          </li>
        ))}
      </ul>
    ) : null;
  /** A cell of a column with an error is marked. */
  const cell =
    (column: string) =>
    (value: string, row: { errors: readonly RowError[] }): ReactNode =>
      row.errors.some((e) => e.column === column) ? (
        <Typography.Text type="danger" strong>
          {value || '—'}
        </Typography.Text>
      ) : (
        value
      );
  const status = (s: DeptRow['status']) => (
    <Tag color={s === 'invalid' ? 'red' : s === 'existing' ? 'default' : 'green'}>{t(`import.status.${s}`)}</Tag>
  );
  const rowStyle = (r: { errors: readonly RowError[] }) => ({
    style: r.errors.length ? { background: '#fff1f0' } : {},
    'data-testid': r.errors.length ? 'import-row-error' : 'import-row',
  });

  const deptColumns = [
    { title: t('import.col.row'), dataIndex: 'row', width: 70 },
    ...(['code', 'name', 'parentCode', 'sortOrder'] as const).map((k) => ({
      title: t(`import.col.${k}`),
      dataIndex: k,
      render: cell(k),
    })),
    { title: t('import.col.status'), dataIndex: 'status', render: status, width: 100 },
    { title: t('import.col.errors'), dataIndex: 'errors', render: errorsOf },
  ];
  const personColumns = [
    { title: t('import.col.row'), dataIndex: 'row', width: 70 },
    ...PERSON_PREVIEW_COLUMNS.map((k) => ({
      title: t(`import.col.${k}`),
      dataIndex: k,
      render: cell(k),
    })),
    { title: t('import.col.status'), dataIndex: 'status', render: status, width: 100 },
    { title: t('import.col.errors'), dataIndex: 'errors', render: errorsOf },
  ];

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <style>{PRINT_CSS}</style>
      <Card
        className="baomi-import-noprint"
        title={t('import.title')}
        extra={
          <Button icon={<DownloadOutlined />} href={importApi.templateHref(lang)} data-testid="import-template">
            {t('import.template')}
          </Button>
        }
      >
        <Space direction="vertical" style={{ width: '100%' }}>
          <Alert type="info" showIcon message={t('import.hint')} />
          <Upload.Dragger
            accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            multiple={false}
            showUploadList={false}
            disabled={busy !== null}
            beforeUpload={(f) => {
              void load(f);
              return false;
            }}
            data-testid="import-upload"
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">{busy === 'preview' ? t('import.previewing') : t('import.upload')}</p>
            <p className="ant-upload-hint">{file ? file.name : t('import.uploadHint')}</p>
          </Upload.Dragger>
        </Space>
      </Card>

      {preview && c && (
        <Card className="baomi-import-noprint" title={t('import.previewTitle')} data-testid="import-preview">
          <Space direction="vertical" style={{ width: '100%' }}>
            <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered>
              <Descriptions.Item label={t('import.departments')}>{t('import.counts', c.departments)}</Descriptions.Item>
              <Descriptions.Item label={t('import.people')}>{t('import.counts', c.people)}</Descriptions.Item>
              <Descriptions.Item label={t('import.sha256')} span={2}>
                <Typography.Text code>{preview.sha256}</Typography.Text>
              </Descriptions.Item>
            </Descriptions>
            {preview.importedAt && (
              <Alert type="warning" showIcon message={t('import.alreadyImported', { at: preview.importedAt })} />
            )}
            {preview.fileErrors.length > 0 && (
              <Alert
                type="error"
                showIcon
                message={t('import.fileErrors')}
                description={errorsOf(preview.fileErrors)}
                data-testid="import-file-errors"
              />
            )}
            {invalid > 0 && (
              <Alert
                type="error"
                showIcon
                message={t('import.rowsInvalid', { count: invalid })}
                action={
                  <Space>
                    <Button
                      size="small"
                      icon={<DownloadOutlined />}
                      loading={busy === 'errors'}
                      onClick={() => void downloadErrors('xlsx')}
                      data-testid="import-errors-xlsx"
                    >
                      {t('import.errorsXlsx')}
                    </Button>
                    <Button size="small" onClick={() => void downloadErrors('csv')} data-testid="import-errors-csv">
                      {t('import.errorsCsv')}
                    </Button>
                  </Space>
                }
              />
            )}
            <Tabs
              items={[
                {
                  key: 'departments',
                  label: `${t('import.departments')} (${c.departments.rows})`,
                  children: (
                    <Table<DeptRow>
                      size="small"
                      rowKey="row"
                      dataSource={preview.departments}
                      columns={deptColumns}
                      onRow={rowStyle}
                      pagination={{ pageSize: 50, hideOnSinglePage: true }}
                      scroll={{ x: true }}
                    />
                  ),
                },
                {
                  key: 'people',
                  label: `${t('import.people')} (${c.people.rows})`,
                  children: (
                    <Table<PersonRow>
                      size="small"
                      rowKey="row"
                      dataSource={preview.people}
                      columns={personColumns}
                      onRow={rowStyle}
                      pagination={{ pageSize: 50, hideOnSinglePage: true }}
                      scroll={{ x: true }}
                    />
                  ),
                },
              ]}
            />
            <Space wrap>
              <Switch
                checked={validOnly}
                onChange={setValidOnly}
                disabled={invalid === 0}
                data-testid="import-valid-only"
              />
              <Typography.Text>{t('import.validOnly')}</Typography.Text>
              <Popconfirm
                title={validOnly ? t('import.confirmValid', { count: valid }) : t('import.confirm', { count: valid })}
                onConfirm={() => void commit()}
                disabled={!canCommit}
              >
                <Button type="primary" disabled={!canCommit} loading={busy === 'commit'} data-testid="import-commit">
                  {t('import.commit')}
                </Button>
              </Popconfirm>
            </Space>
          </Space>
        </Card>
      )}

      {result && (
        <>
          <Result
            className="baomi-import-noprint"
            status="success"
            title={t('import.done', result)}
            subTitle={[
              result.rowsSkipped ? t('import.skipped', { count: result.rowsSkipped }) : '',
              result.mailed.length ? t('import.mailed', { count: result.mailed.length }) : '',
            ]
              .filter(Boolean)
              .join(' ')}
            data-testid="import-result"
          />
          {result.credentials.length > 0 && (
            <Card
              className="baomi-import-print"
              title={t('import.credentialsTitle')}
              data-testid="import-credentials"
              extra={
                <Space className="baomi-import-noprint">
                  <Button icon={<PrinterOutlined />} onClick={() => window.print()} data-testid="import-print">
                    {t('import.print')}
                  </Button>
                  <Button onClick={() => setResult(null)} data-testid="import-close-credentials">
                    {t('import.forget')}
                  </Button>
                </Space>
              }
            >
              <Alert className="baomi-import-noprint" type="warning" showIcon message={t('import.credentialsHint')} />
              <Table
                size="small"
                rowKey="username"
                pagination={false}
                dataSource={result.credentials}
                columns={[
                  { title: t('import.col.username'), dataIndex: 'username' },
                  { title: t('import.col.displayName'), dataIndex: 'displayName' },
                  { title: t('import.col.department'), dataIndex: 'departmentName' },
                  {
                    title: t('import.col.oneTimePassword'),
                    dataIndex: 'oneTimePassword',
                    render: (v: string) => <Typography.Text code>{v}</Typography.Text>,
                  },
                ]}
              />
              <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
                {t('import.mustChange')}
              </Typography.Paragraph>
            </Card>
          )}
        </>
      )}
    </Space>
  );
}
