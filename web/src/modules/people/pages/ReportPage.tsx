import { useState } from 'react';
import { Alert, Button, Card, Checkbox, Dropdown, Input, Select, Space, Tag, TreeSelect, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import {
  AGREEMENT_KINDS,
  OBLIGATION_STATES,
  type AgreementKind,
  type ObligationState,
} from '../../../../../src/kernel/agreements.js';
import { useAbility } from '../../../app/auth.js';
import { NotFoundPage } from '../../../app/NotFoundPage.js';
import { buildTree } from '../../../shared/deptTree.js';
import { FilterBar } from '../../../shared/FilterBar.js';
import { PagedTable } from '../../../shared/PagedTable.js';
import { useCursorQuery } from '../../../shared/useCursorQuery.js';
import { api } from '../api.js';
import type { ReportRow } from '../contracts.js';
import { REPORT_KEY, StateTag, useLang } from '../components/common.js';
import { PersonDrawer } from '../components/PersonDrawer.js';
import { LeaversCard } from '../components/LeaversCard.js';

/**
 * 人员签署情况 (the security office; heads and officers for their departments): per person, where they stand with
 * each agreement they must sign, filtered by department, kind, state and name (paged by cursor: "more", of the total);
 * the export in the reader's language; a person's agreements and signatures, with what the office may do there.
 */
export function ReportPage() {
  const { t } = useTranslation('people');
  const can = useAbility();
  const lang = useLang();
  const [params, setParams] = useSearchParams();
  const [person, setPerson] = useState<string | null>(null);
  const filters = {
    departmentId: params.get('departmentId') ?? undefined,
    kind: (params.get('kind') ?? undefined) as AgreementKind | undefined,
    state: (params.get('state') ?? undefined) as ObligationState | undefined,
    overdue: params.get('overdue') === 'true' ? ('true' as const) : undefined,
    q: params.get('q') ?? undefined,
  };
  const set = (k: string, v: string | undefined | null) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next, { replace: true });
  };
  const allowed = can('agreement.view_reports');
  const report = useCursorQuery({
    queryKey: REPORT_KEY,
    filters,
    fetch: api.report.list,
    pageSize: 50,
    enabled: allowed,
  });
  // The first page carries the totals over every page.
  const first = report.first;
  const departments = useQuery({ queryKey: ['departments'], queryFn: api.directory.departments, staleTime: 60_000 });

  if (!allowed) return <NotFoundPage forbidden />;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('report.title')}
        </Typography.Title>
        {can('agreement.export_reports') && (
          <Dropdown
            menu={{
              items: (['xlsx', 'csv'] as const).map((f) => ({
                key: f,
                label: (
                  <a href={api.report.exportUrl(f, filters, lang)} download data-testid={`report-export-${f}`}>
                    {f.toUpperCase()}
                  </a>
                ),
              })),
            }}
          >
            <Button icon={<DownloadOutlined />} data-testid="report-export">
              {t('report.export')}
            </Button>
          </Dropdown>
        )}
      </Space>
      <Alert type="info" showIcon title={t('report.hint')} />
      <FilterBar
        testid="report-filters"
        activeMore={[filters.kind, filters.overdue].filter(Boolean).length}
        primary={[
          <Input.Search
            key="q"
            allowClear
            style={{ width: 220 }}
            placeholder={t('report.search')}
            aria-label={t('report.search')}
            defaultValue={filters.q}
            onSearch={(v) => set('q', v.trim() || undefined)}
            data-testid="report-search"
          />,
          <TreeSelect
            key="department"
            allowClear
            showSearch
            treeNodeFilterProp="title"
            treeDefaultExpandAll
            style={{ width: 220 }}
            placeholder={t('report.allDepartments')}
            aria-label={t('report.allDepartments')}
            treeData={buildTree(departments.data?.items ?? [])}
            value={filters.departmentId}
            onChange={(v?: string) => set('departmentId', v)}
            data-testid="report-department"
          />,
          <Select
            key="state"
            allowClear
            style={{ width: 180 }}
            placeholder={t('report.allStates')}
            aria-label={t('report.allStates')}
            value={filters.state}
            onChange={(v?: string) => set('state', v)}
            options={OBLIGATION_STATES.map((s) => ({ value: s, label: t(`state.${s}`) }))}
            data-testid="report-state"
          />,
        ]}
        more={[
          <Select
            key="kind"
            allowClear
            style={{ width: 180 }}
            placeholder={t('report.kind')}
            aria-label={t('report.kind')}
            value={filters.kind}
            onChange={(v?: string) => set('kind', v)}
            options={AGREEMENT_KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))}
            data-testid="report-kind"
          />,
          <Checkbox
            key="overdue"
            checked={filters.overdue === 'true'}
            onChange={(e) => set('overdue', e.target.checked ? 'true' : undefined)}
            data-testid="report-overdue"
          >
            {t('report.overdueOnly')}
          </Checkbox>,
        ]}
        extra={
          first && (
            <Typography.Text type="secondary" data-testid="report-total">
              {t('report.total', { count: first.total })}
            </Typography.Text>
          )
        }
      />
      {first && (
        <Space wrap size={4} data-testid="report-totals">
          {OBLIGATION_STATES.map((s) => (
            <Tag key={s} data-testid={`report-totals-${s}`}>
              {t(`state.${s}`)} {first.totals.byState[s] ?? 0}
            </Tag>
          ))}
        </Space>
      )}
      <Card size="small">
        <PagedTable<ReportRow>
          listKey="agreement-report"
          size="small"
          rowKey="userId"
          cursor={report}
          total={first?.total}
          data-testid="report-table"
          data-loading={report.query.isFetching ? 'true' : 'false'}
          onRow={(r) => ({ 'data-testid': `report-row-${r.username}` }) as object}
          columns={[
            {
              title: t('report.person'),
              key: 'person',
              render: (_, r) => (
                <Space orientation="vertical" size={0}>
                  <Space size={4}>
                    <Typography.Text strong>{r.displayName}</Typography.Text>
                    {r.leaver && <Tag color="purple">{t('report.leaverAsked')}</Tag>}
                  </Space>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {r.username}
                    {r.post ? ` · ${r.post}` : ''}
                  </Typography.Text>
                </Space>
              ),
            },
            { title: t('report.department'), key: 'dept', render: (_, r) => r.departmentName ?? '' },
            {
              title: t('report.obligations'),
              key: 'obligations',
              render: (_, r) => (
                <Space orientation="vertical" size={2}>
                  {r.obligations.map((o) => (
                    <Space key={o.templateId} size={4}>
                      <span>{o.title}</span>
                      <StateTag state={o.state} />
                    </Space>
                  ))}
                </Space>
              ),
            },
            {
              title: t('report.detail'),
              key: 'detail',
              align: 'right',
              render: (_, r) => (
                <Button size="small" onClick={() => setPerson(r.userId)} data-testid="report-detail">
                  {t('report.detail')}
                </Button>
              ),
            },
          ]}
        />
      </Card>
      {can('agreement.view_leavers') && <LeaversCard onOpen={setPerson} />}
      <PersonDrawer userId={person} onClose={() => setPerson(null)} />
    </Space>
  );
}
