import { useState } from 'react';
import { Alert, Button, DatePicker, Form, Input, Select, Space, Tag, Tooltip, Typography, type TableProps } from 'antd';
import { DownloadOutlined, ProfileOutlined, SafetyCertificateOutlined, SearchOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import dayjs, { type Dayjs } from 'dayjs';
import { api, type AuditFilters } from '../api.js';
import { useAbility } from '../../../app/auth.js';
import type { AuditEvent, AuditVerifyResult } from '../../../app/contracts.js';
import { AuditVerifyModal } from '../components/AuditVerifyModal.js';
import { AuditEventDrawer } from '../components/AuditEventDrawer.js';
import { AuditTarget, roleText } from '../components/AuditCells.js';
import { useAuditDictionary } from '../dictionary.js';
import { NotFoundPage } from '../../../app/NotFoundPage.js';
import { PagedTable } from '../../../shared/PagedTable.js';
import { usePagedQuery } from '../../../shared/usePagedQuery.js';

interface FilterValues {
  range?: [Dayjs | null, Dayjs | null] | null;
  actor?: string;
  /** Actions picked by name: the server filters by exactly these codes. */
  actions?: string[];
  target?: string;
  result?: AuditFilters['result'];
}
const RESULT_COLOR = { success: 'green', failure: 'orange', denied: 'red' } as const;
const RESULTS = ['success', 'failure', 'denied'] as const;

function toFilters(v: FilterValues): AuditFilters {
  const [from, to] = v.range ?? [];
  return {
    from: from ? from.toISOString() : undefined,
    to: to ? to.toISOString() : undefined,
    actor: v.actor?.trim() || undefined,
    action: v.actions?.length ? v.actions.join(',') : undefined,
    target: v.target?.trim() || undefined,
    result: v.result || undefined,
  };
}

/**
 * The filters a link opens the trail with (the workbench's cards), and the page writes back: `action` (codes,
 * comma-separated), `actor`, `result`, `from`, `to`, `target`.
 */
function valuesFromUrl(p: URLSearchParams): FilterValues {
  const instant = (s: string | null) => (s && dayjs(s).isValid() ? dayjs(s) : null);
  const [from, to, result] = [instant(p.get('from')), instant(p.get('to')), p.get('result')];
  const actions = (p.get('action') ?? '').split(',').filter((a) => /^[a-z][a-z_]*\.[a-z_]+$/.test(a));
  return {
    range: from || to ? [from, to] : null,
    actor: p.get('actor') ?? undefined,
    actions: actions.length ? actions : undefined,
    target: p.get('target') ?? undefined,
    result: (RESULTS as readonly string[]).includes(result ?? '') ? (result as FilterValues['result']) : undefined,
  };
}

function urlOf(f: AuditFilters): Record<string, string> {
  return Object.fromEntries(Object.entries(f).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

export function AuditPage() {
  const { t } = useTranslation('audit');
  const words = useAuditDictionary();
  const can = useAbility();
  // Whose events the trail shows (the 三员 split, src/policy/audit.ts): said above the list.
  const reviewsAdmins = can('audit.review_admins');
  const reviewsUsers = can('audit.review_users');
  const [form] = Form.useForm<FilterValues>();
  const [params, setParams] = useSearchParams();
  const [initial] = useState(() => valuesFromUrl(params));
  const [filters, setFilters] = useState<AuditFilters>(() => toFilters(initial));
  const [verifyResult, setVerifyResult] = useState<AuditVerifyResult | null>(null);
  const [opened, setOpened] = useState<AuditEvent | null>(null);
  const allowed = can('audit.read_own');
  // The live trail, or an archive segment (events the retention moved out), searched with the same filters.
  const [segment, setSegment] = useState<string | null>(null);
  const segments = useQuery({ queryKey: ['audit', 'segments'], queryFn: api.audit.segments, enabled: allowed });
  const events = usePagedQuery({
    queryKey: ['audit', segment ?? 'live'],
    filters: { ...filters, segment },
    fetch: ({ segment: id, ...q }) => (id ? api.audit.segmentEvents(id, q) : api.audit.list(q)),
    enabled: allowed,
  });
  const verify = useMutation({ mutationFn: api.audit.verify, onSuccess: setVerifyResult });
  if (!allowed) return <NotFoundPage forbidden />;

  const apply = (f: AuditFilters) => {
    setFilters(f);
    setParams(urlOf(f), { replace: true });
    events.firstPage();
  };

  const columns: TableProps<AuditEvent>['columns'] = [
    { title: t('audit.seq'), dataIndex: 'seq', width: 80 },
    {
      title: t('audit.time'),
      dataIndex: 'at',
      width: 170,
      render: (v: string) => {
        const local = words.localTime(v);
        return (
          <Tooltip title={local.iso}>
            <span data-testid="audit-time">{local.text}</span>
          </Tooltip>
        );
      },
    },
    {
      title: t('audit.actor'),
      key: 'actor',
      render: (_: unknown, e) => (
        <Space size={4}>
          <Tooltip title={e.actorName ?? undefined}>
            <span>{e.actorDisplayName ?? e.actorName ?? '—'}</span>
          </Tooltip>
          {e.actorRole && <Tag>{roleText(t, e.actorRole)}</Tag>}
        </Space>
      ),
    },
    {
      title: t('audit.action'),
      dataIndex: 'action',
      render: (v: string) => (
        <Tooltip title={v}>
          <span data-action={v}>{words.actionName(v)}</span>
        </Tooltip>
      ),
    },
    {
      title: t('audit.target'),
      key: 'target',
      render: (_: unknown, e) => <AuditTarget event={e} words={words} />,
    },
    {
      title: t('audit.result'),
      dataIndex: 'result',
      width: 90,
      render: (r: AuditEvent['result']) => <Tag color={RESULT_COLOR[r]}>{t(`result.${r}`)}</Tag>,
    },
    { title: t('audit.ip'), dataIndex: 'ip', width: 130, render: (v: string | null) => v ?? '—' },
    {
      key: 'open',
      width: 48,
      render: (_: unknown, e) => (
        <Tooltip title={t('audit.details')}>
          <Button
            type="text"
            size="small"
            icon={<ProfileOutlined />}
            aria-label={t('audit.details')}
            onClick={() => setOpened(e)}
            data-testid={`audit-open-${e.seq}`}
          />
        </Tooltip>
      ),
    },
  ];

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('audit.title')}
        </Typography.Title>
        <Space wrap>
          {(segments.data?.items.length ?? 0) > 0 && (
            <Select
              value={segment ?? ''}
              onChange={(v: string) => setSegment(v || null)}
              style={{ width: 340 }}
              aria-label={t('archive.source')}
              data-testid="audit-source"
              options={[
                { value: '', label: t('archive.live') },
                ...(segments.data?.items ?? []).map((s) => ({
                  value: s.id,
                  label: t('archive.segment', {
                    first: s.firstSeq,
                    last: s.lastSeq,
                    from: words.localTime(s.firstAt).text,
                    to: words.localTime(s.lastAt).text,
                  }),
                })),
              ]}
            />
          )}
          {can('audit.export') && !segment && (
            <>
              <Button
                icon={<DownloadOutlined />}
                href={api.audit.exportUrl('csv', filters, words.lang)}
                data-testid="audit-export-csv"
              >
                {t('common.exportCsv')}
              </Button>
              <Button
                icon={<DownloadOutlined />}
                href={api.audit.exportUrl('xlsx', filters, words.lang)}
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
      {segment && <Alert type="warning" showIcon message={t('archive.reading')} data-testid="audit-archive-note" />}
      <Form
        form={form}
        initialValues={initial}
        layout="inline"
        onFinish={(v) => apply(toFilters(v))}
        style={{ rowGap: 8 }}
      >
        <Form.Item name="range" label={t('audit.range')}>
          <DatePicker.RangePicker showTime allowEmpty={[true, true]} data-testid="audit-range" />
        </Form.Item>
        <Form.Item name="actor">
          <Input placeholder={t('audit.actor')} allowClear style={{ width: 140 }} data-testid="audit-actor" />
        </Form.Item>
        <Form.Item name="actions">
          <Select
            mode="multiple"
            allowClear
            showSearch
            maxTagCount="responsive"
            placeholder={t('audit.action')}
            style={{ width: 280 }}
            options={words.actionOptions}
            // Searchable by the name the reader sees or by the code.
            filterOption={(input, o) => {
              const needle = input.trim().toLowerCase();
              const opt = o as { label?: unknown; code?: string } | undefined;
              return (
                String(opt?.label ?? '')
                  .toLowerCase()
                  .includes(needle) || (opt?.code ?? '').includes(needle)
              );
            }}
            data-testid="audit-action"
          />
        </Form.Item>
        <Form.Item name="target">
          <Input
            placeholder={t('audit.targetHint')}
            aria-label={t('audit.targetHint')}
            allowClear
            style={{ width: 200 }}
            data-testid="audit-target"
          />
        </Form.Item>
        <Form.Item name="result">
          <Select
            allowClear
            placeholder={t('audit.result')}
            style={{ width: 120 }}
            data-testid="audit-result"
            options={RESULTS.map((r) => ({ value: r, label: t(`result.${r}`) }))}
          />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-testid="audit-search">
            {t('common.search')}
          </Button>
          <Button
            onClick={() => {
              form.setFieldsValue({ range: null, actor: undefined, actions: [], target: undefined, result: undefined });
              apply({});
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
          // The whole row opens the event's details; its links (the object) keep their own page.
          onRow={(e) => ({
            onClick: (ev) => {
              if (!(ev.target as HTMLElement).closest('a, button')) setOpened(e);
            },
            style: { cursor: 'pointer' },
          })}
        />
      </div>
      <AuditEventDrawer event={opened} words={words} onClose={() => setOpened(null)} />
      <AuditVerifyModal result={verifyResult} onClose={() => setVerifyResult(null)} />
    </Space>
  );
}
