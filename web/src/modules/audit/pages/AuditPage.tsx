import { useState } from 'react';
import { Alert, Button, DatePicker, Form, Input, Select, Space, Tag, Typography, type TableProps } from 'antd';
import { DownloadOutlined, SafetyCertificateOutlined, SearchOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import dayjs, { type Dayjs } from 'dayjs';
import { api, type AuditFilters } from '../api.js';
import { useAbility } from '../../../app/auth.js';
import type { AuditEvent, AuditVerifyResult } from '../../../app/contracts.js';
import { AuditVerifyModal } from '../components/AuditVerifyModal.js';
import { auditActionText } from '../actionText.js';
import { NotFoundPage } from '../../../app/NotFoundPage.js';
import { PagedTable } from '../../../shared/PagedTable.js';
import { usePagedQuery } from '../../../shared/usePagedQuery.js';

interface FilterValues {
  range?: [Dayjs | null, Dayjs | null] | null;
  actor?: string;
  action?: string;
  target?: string;
  result?: AuditFilters['result'];
}
const RESULT_COLOR = { success: 'green', failure: 'orange', denied: 'red' } as const;

function toFilters(v: FilterValues): AuditFilters {
  const [from, to] = v.range ?? [];
  return {
    from: from ? from.toISOString() : undefined,
    to: to ? to.toISOString() : undefined,
    actor: v.actor?.trim() || undefined,
    action: v.action?.trim() || undefined,
    target: v.target?.trim() || undefined,
    result: v.result || undefined,
  };
}

/** The filters a link opens the trail with (the workbench's cards): `result`, `from`, `to`, `action`, `actor`, `target`. */
function valuesFromUrl(p: URLSearchParams): FilterValues {
  const instant = (s: string | null) => (s && dayjs(s).isValid() ? dayjs(s) : null);
  const [from, to, result] = [instant(p.get('from')), instant(p.get('to')), p.get('result')];
  return {
    range: from || to ? [from, to] : null,
    actor: p.get('actor') ?? undefined,
    action: p.get('action') ?? undefined,
    target: p.get('target') ?? undefined,
    result: result === 'success' || result === 'failure' || result === 'denied' ? result : undefined,
  };
}

export function AuditPage() {
  const { t, i18n } = useTranslation('audit');
  const can = useAbility();
  // Whose events the trail shows (the 三员 split, src/policy/audit.ts): said above the list.
  const reviewsAdmins = can('audit.review_admins');
  const reviewsUsers = can('audit.review_users');
  const [form] = Form.useForm<FilterValues>();
  const [params] = useSearchParams();
  const [initial] = useState(() => valuesFromUrl(params));
  const [filters, setFilters] = useState<AuditFilters>(() => toFilters(initial));
  const [verifyResult, setVerifyResult] = useState<AuditVerifyResult | null>(null);
  const allowed = can('audit.read_own');
  const events = usePagedQuery({ queryKey: ['audit'], filters, fetch: api.audit.list, enabled: allowed });
  const verify = useMutation({ mutationFn: api.audit.verify, onSuccess: setVerifyResult });
  if (!allowed) return <NotFoundPage forbidden />;

  const columns: TableProps<AuditEvent>['columns'] = [
    { title: t('audit.seq'), dataIndex: 'seq', width: 80 },
    {
      title: t('audit.time'),
      dataIndex: 'at',
      width: 170,
      render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm:ss'),
    },
    {
      title: t('audit.actor'),
      key: 'actor',
      render: (_: unknown, e) => (
        <Space size={4}>
          <span>{e.actorName ?? e.actorId ?? '—'}</span>
          {e.actorRole && <Tag>{t(`identity:role.${e.actorRole}`, { defaultValue: e.actorRole })}</Tag>}
        </Space>
      ),
    },
    {
      title: t('audit.action'),
      dataIndex: 'action',
      render: (v: string) => (
        <Space size={4} wrap={false}>
          {auditActionText(v, i18n.language)}
          <Typography.Text code type="secondary" style={{ whiteSpace: 'nowrap' }}>
            {v}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: t('audit.target'),
      key: 'target',
      render: (_: unknown, e) => (e.targetType ? `${e.targetType}${e.targetId ? `:${e.targetId}` : ''}` : '—'),
    },
    {
      title: t('audit.result'),
      dataIndex: 'result',
      width: 90,
      render: (r: AuditEvent['result']) => <Tag color={RESULT_COLOR[r]}>{t(`result.${r}`)}</Tag>,
    },
    { title: t('audit.ip'), dataIndex: 'ip', width: 130, render: (v: string | null) => v ?? '—' },
  ];

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('audit.title')}
        </Typography.Title>
        <Space wrap>
          {can('audit.export') && (
            <>
              <Button
                icon={<DownloadOutlined />}
                href={api.audit.exportUrl('csv', filters)}
                data-testid="audit-export-csv"
              >
                {t('common.exportCsv')}
              </Button>
              <Button
                icon={<DownloadOutlined />}
                href={api.audit.exportUrl('xlsx', filters)}
                data-testid="audit-export-xlsx"
              >
                {t('common.exportXlsx')}
              </Button>
            </>
          )}
          {can('audit.verify') && (
            <Button
              type="primary"
              icon={<SafetyCertificateOutlined />}
              loading={verify.isPending}
              onClick={() => verify.mutate()}
              data-testid="audit-verify"
            >
              {t('audit.verify')}
            </Button>
          )}
        </Space>
      </Space>
      <Alert
        type="info"
        showIcon
        message={t(reviewsAdmins ? 'audit.scopeAdmins' : reviewsUsers ? 'audit.scopeUsers' : 'audit.ownOnly')}
      />
      <Form
        form={form}
        initialValues={initial}
        layout="inline"
        onFinish={(v) => {
          setFilters(toFilters(v));
          events.firstPage();
        }}
        style={{ rowGap: 8 }}
      >
        <Form.Item name="range" label={t('audit.range')}>
          <DatePicker.RangePicker showTime allowEmpty={[true, true]} data-testid="audit-range" />
        </Form.Item>
        <Form.Item name="actor">
          <Input placeholder={t('audit.actor')} allowClear style={{ width: 140 }} data-testid="audit-actor" />
        </Form.Item>
        <Form.Item name="action">
          <Input placeholder={t('audit.action')} allowClear style={{ width: 160 }} data-testid="audit-action" />
        </Form.Item>
        <Form.Item name="target">
          <Input placeholder={t('audit.target')} allowClear style={{ width: 140 }} data-testid="audit-target" />
        </Form.Item>
        <Form.Item name="result">
          <Select
            allowClear
            placeholder={t('audit.result')}
            style={{ width: 120 }}
            data-testid="audit-result"
            options={(['success', 'failure', 'denied'] as const).map((r) => ({ value: r, label: t(`result.${r}`) }))}
          />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-testid="audit-search">
            {t('common.search')}
          </Button>
          <Button
            onClick={() => {
              form.resetFields();
              setFilters({});
              events.firstPage();
            }}
          >
            {t('common.reset')}
          </Button>
        </Space>
      </Form>
      <div data-testid="audit-table">
        <PagedTable<AuditEvent>
          paged={events}
          pager={{ showSizeChanger: true, pageSizeOptions: [20, 50, 100] }}
          rowKey="seq"
          size="small"
          columns={columns}
          expandable={{
            expandedRowRender: (e) => (
              <Space direction="vertical" size={4} style={{ width: '100%' }}>
                {e.requestId && (
                  <Typography.Text type="secondary">
                    {t('audit.requestId')}: {e.requestId}
                  </Typography.Text>
                )}
                <Typography.Text type="secondary" style={{ fontFamily: 'monospace', fontSize: 12 }}>
                  hash: {e.hash}
                </Typography.Text>
                <pre style={{ margin: 0, whiteSpace: 'pre-wrap', wordBreak: 'break-all', fontSize: 12 }}>
                  {JSON.stringify(e.details ?? null, null, 2)}
                </pre>
              </Space>
            ),
          }}
        />
      </div>
      <AuditVerifyModal result={verifyResult} onClose={() => setVerifyResult(null)} />
    </Space>
  );
}
