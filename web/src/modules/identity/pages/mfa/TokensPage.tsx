import { useState } from 'react';
import { Alert, Button, Card, Popconfirm, Radio, Space, Table, Tag, Typography, Upload, type TableProps } from 'antd';
import { InboxOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import { useAbility } from '../../../../app/auth.js';
import { errorText, showSuccess } from '../../../../app/feedback.js';
import { isApiError } from '../../../../app/api/client.js';
import { NotFoundPage } from '../../../../app/NotFoundPage.js';
import { mfaApi, type OtpToken } from './mfaApi.js';
import { AssignTokenModal, ResyncTokenModal } from './TokenModals.js';

const TOKENS_KEY = ['otp-tokens'] as const;
const fmt = (v: string | null | undefined) => (v ? dayjs(v).format('YYYY-MM-DD HH:mm') : '—');
type Format = 'pskc' | 'csv';

/** The line a refused seed file failed on, when the server named one. */
const lineOf = (e: unknown): number | null => {
  const line = isApiError(e) ? (e.details as { line?: unknown } | undefined)?.line : undefined;
  return typeof line === 'number' ? line : null;
};

/**
 * Hardware OTP tokens (system administrator): import the vendor's seed file (PSKC or CSV; the whole file or none
 * of it), list the tokens by serial, hand one to a person, take it back, resynchronise a counter token, delete.
 */
export function TokensPage() {
  const { t } = useTranslation('identity');
  const can = useAbility();
  const qc = useQueryClient();
  const [format, setFormat] = useState<Format>('pskc');
  const [assigning, setAssigning] = useState<OtpToken | null>(null);
  const [resyncing, setResyncing] = useState<OtpToken | null>(null);
  const manage = can('otp_token.manage');
  const tokens = useQuery({ queryKey: TOKENS_KEY, queryFn: mfaApi.tokens.list, enabled: manage });
  const refresh = () => qc.invalidateQueries({ queryKey: TOKENS_KEY });
  const importFile = useMutation({
    mutationFn: async (file: File) => mfaApi.tokens.import({ format, content: await file.text() }),
    onSuccess: refresh,
    meta: { quiet: ['bad_request', 'validation_failed', 'conflict'] },
  });
  const unassign = useMutation({
    mutationFn: (tk: OtpToken) => mfaApi.tokens.unassign(tk.id, tk.version),
    onSuccess: async () => {
      showSuccess(t('mfa.tokens.unassignedDone'));
      await refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (tk: OtpToken) => mfaApi.tokens.remove(tk.id),
    onSuccess: async () => {
      showSuccess(t('mfa.tokens.deleted'));
      await refresh();
    },
  });
  if (!manage) return <NotFoundPage forbidden />;

  const columns: TableProps<OtpToken>['columns'] = [
    { title: t('mfa.tokens.serial'), dataIndex: 'serial' },
    { title: t('mfa.tokens.kind'), dataIndex: 'kind', render: (k: string) => <Tag>{k.toUpperCase()}</Tag> },
    { title: t('mfa.tokens.digits'), dataIndex: 'digits' },
    { title: t('mfa.tokens.period'), dataIndex: 'period', render: (p: number | null) => p ?? '—' },
    {
      title: t('mfa.tokens.assignedTo'),
      key: 'assignedTo',
      render: (_: unknown, tk) =>
        tk.assignedTo ? (
          `${tk.assignedTo.displayName} (${tk.assignedTo.username})`
        ) : (
          <Typography.Text type="secondary">{t('mfa.tokens.unassigned')}</Typography.Text>
        ),
    },
    { title: t('mfa.tokens.importedAt'), dataIndex: 'importedAt', render: fmt },
    { title: t('mfa.tokens.assignedAt'), dataIndex: 'assignedAt', render: fmt },
    {
      title: t('common.actions'),
      key: 'a',
      render: (_: unknown, tk) => (
        <Space size="small" wrap>
          {tk.assignedTo ? (
            <Popconfirm
              title={t('mfa.tokens.unassignConfirm', { serial: tk.serial })}
              onConfirm={() => unassign.mutate(tk)}
            >
              <Button size="small" data-testid="token-unassign">
                {t('mfa.tokens.unassign')}
              </Button>
            </Popconfirm>
          ) : (
            <Button size="small" type="primary" onClick={() => setAssigning(tk)} data-testid="token-assign">
              {t('mfa.tokens.assign')}
            </Button>
          )}
          {tk.kind === 'hotp' && (
            <Button size="small" onClick={() => setResyncing(tk)} data-testid="token-resync">
              {t('mfa.tokens.resync')}
            </Button>
          )}
          {!tk.assignedTo && (
            <Popconfirm
              title={t('mfa.tokens.deleteConfirm', { serial: tk.serial })}
              onConfirm={() => remove.mutate(tk)}
            >
              <Button size="small" danger data-testid="token-delete">
                {t('mfa.tokens.delete')}
              </Button>
            </Popconfirm>
          )}
        </Space>
      ),
    },
  ];
  const failedLine = lineOf(importFile.error);

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('mfa.tokens.title')}
      </Typography.Title>
      <Card size="small">
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
            {t('mfa.tokens.hint')}
          </Typography.Paragraph>
          <Space>
            <Typography.Text>{t('mfa.tokens.format')}</Typography.Text>
            <Radio.Group
              value={format}
              onChange={(e) => setFormat(e.target.value as Format)}
              options={[
                { value: 'pskc', label: 'PSKC' },
                { value: 'csv', label: 'CSV' },
              ]}
              data-testid="token-format"
            />
          </Space>
          <Upload.Dragger
            accept={format === 'pskc' ? '.xml,.pskc' : '.csv,.txt'}
            showUploadList={false}
            disabled={importFile.isPending}
            beforeUpload={(file) => {
              importFile.mutate(file);
              return false;
            }}
            data-testid="token-upload"
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">{t('mfa.tokens.upload')}</p>
            <p className="ant-upload-hint">{t('mfa.tokens.uploadHint')}</p>
          </Upload.Dragger>
          {importFile.data && (
            <Alert
              type="success"
              showIcon
              message={t('mfa.tokens.imported', { count: importFile.data.imported })}
              description={importFile.data.serials.join('、')}
              data-testid="token-imported"
            />
          )}
          {importFile.isError && (
            <Alert
              type="error"
              showIcon
              message={t('mfa.tokens.failed')}
              description={`${failedLine !== null ? `${t('mfa.tokens.line', { line: failedLine })}：` : ''}${errorText(importFile.error)}`}
              data-testid="token-import-error"
            />
          )}
        </Space>
      </Card>
      <div data-testid="tokens-table">
        <Table<OtpToken>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={tokens.data?.items ?? []}
          loading={tokens.isLoading}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          locale={{ emptyText: t('mfa.tokens.empty') }}
        />
      </div>
      <AssignTokenModal
        token={assigning}
        onClose={() => setAssigning(null)}
        onDone={async () => {
          setAssigning(null);
          await refresh();
        }}
      />
      <ResyncTokenModal
        token={resyncing}
        onClose={() => setResyncing(null)}
        onDone={async () => {
          setResyncing(null);
          await refresh();
        }}
      />
    </Space>
  );
}
