import { useState } from 'react';
import {
  Alert,
  Button,
  Card,
  Col,
  Dropdown,
  Input,
  Row,
  Select,
  Space,
  Table,
  Tag,
  TreeSelect,
  Typography,
} from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { TRAINING_STATES, type TrainingState } from '../../../../../src/kernel/training.js';
import { useAbility } from '../../../app/auth.js';
import { fmtDate } from '../../../app/format.js';
import { NotFoundPage } from '../../../app/NotFoundPage.js';
import { buildTree } from '../../../shared/deptTree.js';
import { reportsApi, type Coverage } from '../api/reports.js';
import { ReportPeopleTable, STATE_COLOURS } from '../components/ReportPeopleTable.js';
import { FilterBar } from '../../../shared/FilterBar.js';
import { PagedTable } from '../../../shared/PagedTable.js';
import { useCursorQuery } from '../../../shared/useCursorQuery.js';
import { CoverageChart } from '../components/CoverageChart.js';
import { noWrap } from '../components/noWrap.js';
import { SettingsCard } from '../components/SettingsCard.js';

export const REPORT_KEY = ['training', 'report'] as const;

function useLang(): 'zh-CN' | 'en-US' {
  const { i18n } = useTranslation();
  return i18n.language === 'en-US' ? 'en-US' : 'zh-CN';
}

type Grouping = Coverage['by'];

/**
 * 保密培训情况 (the security office; heads and officers for their departments, TRN-01/02/03/10): coverage by
 * department (a chart) or post or cleared class, who is overdue, and per person where they stand with each course
 * due — filtered by department, course, state and name; the export in the reader's language; the settings.
 */
export function ReportPage() {
  const { t } = useTranslation('training');
  const can = useAbility();
  const lang = useLang();
  const [params, setParams] = useSearchParams();
  const [by, setBy] = useState<Grouping>('department');
  const filters = {
    departmentId: params.get('departmentId') ?? undefined,
    courseId: params.get('courseId') ?? undefined,
    state: (params.get('state') ?? undefined) as TrainingState | undefined,
    q: params.get('q') ?? undefined,
  };
  const set = (k: string, v: string | undefined | null) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next, { replace: true });
  };
  const allowed = can('training.view_reports');
  const report = useCursorQuery({
    queryKey: [...REPORT_KEY, 'list'],
    filters,
    fetch: reportsApi.report.list,
    pageSize: 50,
    enabled: allowed,
  });
  // The first page carries the totals over every page.
  const first = report.first;
  const scope = { departmentId: filters.departmentId, courseId: filters.courseId };
  const coverage = useQuery({
    queryKey: [...REPORT_KEY, 'coverage', by, scope],
    queryFn: () => reportsApi.report.coverage({ by, ...scope }),
    placeholderData: keepPreviousData,
    enabled: allowed,
  });
  const overdue = useQuery({
    queryKey: [...REPORT_KEY, 'overdue', scope],
    queryFn: () => reportsApi.report.list({ ...scope, state: 'overdue', limit: 200 }),
    enabled: allowed,
  });
  const departments = useQuery({
    queryKey: ['departments'],
    queryFn: reportsApi.departments,
    staleTime: 60_000,
    enabled: allowed,
  });
  const courses = useQuery({
    queryKey: ['training', 'courses', 'report-filter'],
    queryFn: reportsApi.courses,
    staleTime: 60_000,
    enabled: allowed,
  });

  if (!allowed) return <NotFoundPage forbidden />;
  const groupLabel = (g: Coverage['groups'][number]) =>
    g.label === null
      ? t('report.none')
      : by === 'clearance'
        ? t(`clearance.${g.label}`, { defaultValue: g.label })
        : g.label;
  const rate = (r: number | null) => (r === null ? '—' : `${Math.round(r * 1000) / 10}%`);
  const overdueLines = (overdue.data?.items ?? []).flatMap((r) => r.dues.map((d) => ({ person: r, due: d })));

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="training-report">
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('report.title')}
        </Typography.Title>
        {can('training.export_reports') && (
          <Dropdown
            menu={{
              items: (['xlsx', 'csv'] as const).map((f) => ({
                key: f,
                label: (
                  <a
                    href={reportsApi.report.exportUrl(f, filters, lang)}
                    download
                    data-testid={`training-report-export-${f}`}
                  >
                    {f.toUpperCase()}
                  </a>
                ),
              })),
            }}
          >
            <Button icon={<DownloadOutlined />} data-testid="training-report-export">
              {t('report.export')}
            </Button>
          </Dropdown>
        )}
      </Space>
      <Alert type="info" showIcon title={t('report.hint')} />
      <FilterBar
        testid="training-report-filters"
        activeMore={filters.courseId ? 1 : 0}
        primary={[
          <Input.Search
            key="q"
            allowClear
            style={{ width: 220 }}
            placeholder={t('report.search')}
            aria-label={t('report.search')}
            defaultValue={filters.q}
            onSearch={(v) => set('q', v.trim() || undefined)}
            data-testid="training-report-search"
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
            data-testid="training-report-department"
          />,
          <Select
            key="state"
            allowClear
            style={{ width: 160 }}
            placeholder={t('report.allStates')}
            aria-label={t('report.allStates')}
            value={filters.state}
            onChange={(v?: string) => set('state', v)}
            options={TRAINING_STATES.map((s) => ({ value: s, label: t(`state.${s}`) }))}
            data-testid="training-report-state"
          />,
        ]}
        more={[
          <Select
            key="course"
            allowClear
            showSearch
            optionFilterProp="label"
            style={{ width: 240 }}
            placeholder={t('report.allCourses')}
            aria-label={t('report.allCourses')}
            value={filters.courseId}
            onChange={(v?: string) => set('courseId', v)}
            options={(courses.data?.items ?? [])
              .filter((c) => c.status !== 'draft')
              .map((c) => ({ value: c.id, label: c.title }))}
            data-testid="training-report-course"
          />,
        ]}
        extra={
          first && (
            <Typography.Text type="secondary" data-testid="training-report-total">
              {t('report.total', { count: first.total })}
            </Typography.Text>
          )
        }
      />
      {first && (
        <Space wrap size={4} data-testid="training-report-totals">
          {TRAINING_STATES.map((s) => (
            <Tag key={s} color={STATE_COLOURS[s]} data-testid={`training-report-totals-${s}`}>
              {t(`state.${s}`)} {first.totals.byState[s] ?? 0}
            </Tag>
          ))}
        </Space>
      )}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Card
            size="small"
            title={by === 'department' ? t('report.chartTitle') : t('report.coverage')}
            extra={
              <Select<Grouping>
                size="small"
                style={{ width: 140 }}
                value={by}
                onChange={setBy}
                aria-label={t('report.groupBy')}
                options={(['department', 'post', 'clearance'] as const).map((g) => ({
                  value: g,
                  label: t(`report.by.${g}`),
                }))}
                data-testid="training-coverage-by"
              />
            }
          >
            <CoverageChart coverage={coverage.data} />
            <Table<Coverage['groups'][number]>
              size="small"
              style={{ marginTop: 12 }}
              rowKey={(g) => g.key ?? '-'}
              loading={coverage.isLoading}
              dataSource={coverage.data?.groups ?? []}
              pagination={false}
              data-testid="training-coverage-table"
              onRow={(g) => ({ 'data-testid': `training-coverage-${g.label ?? 'none'}` }) as object}
              columns={[
                { title: t('report.col.group'), key: 'group', render: (_, g) => groupLabel(g) },
                { title: t('report.col.people'), dataIndex: 'people', align: 'right' },
                { title: t('report.col.inAudience'), dataIndex: 'inAudience', align: 'right' },
                { title: t('report.col.completed'), dataIndex: 'completed', align: 'right' },
                { title: t('report.col.due'), dataIndex: 'due', align: 'right' },
                { title: t('report.col.overdue'), dataIndex: 'overdue', align: 'right' },
                { title: t('report.col.rate'), key: 'rate', align: 'right', render: (_, g) => rate(g.rate) },
              ]}
              summary={() =>
                coverage.data ? (
                  <Table.Summary.Row>
                    <Table.Summary.Cell index={0}>
                      <Typography.Text strong>{t('report.col.total')}</Typography.Text>
                    </Table.Summary.Cell>
                    {(['people', 'inAudience', 'completed', 'due', 'overdue'] as const).map((k, i) => (
                      <Table.Summary.Cell key={k} index={i + 1} align="right">
                        {coverage.data.total[k]}
                      </Table.Summary.Cell>
                    ))}
                    <Table.Summary.Cell index={6} align="right">
                      <span data-testid="training-coverage-rate">{rate(coverage.data.total.rate)}</span>
                    </Table.Summary.Cell>
                  </Table.Summary.Row>
                ) : null
              }
            />
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card size="small" title={t('report.overdueList')} data-testid="training-overdue-list">
            <PagedTable
              listKey="training-report-overdue"
              size="small"
              rowKey={(l) => `${l.person.userId}:${l.due.courseId}`}
              loading={overdue.isLoading}
              rows={overdueLines}
              locale={{ emptyText: t('report.overdueEmpty') }}
              pager={{ defaultPageSize: 10 }}
              onRow={(l) => ({ 'data-testid': `training-overdue-${l.person.username}` }) as object}
              columns={[
                {
                  title: t('report.person'),
                  key: 'person',
                  render: (_, l) => <Link to={`/training/people/${l.person.userId}`}>{l.person.displayName}</Link>,
                },
                {
                  title: t('report.department'),
                  key: 'dept',
                  ...noWrap,
                  render: (_, l) => l.person.departmentName ?? '',
                },
                { title: t('report.course'), key: 'course', render: (_, l) => l.due.title },
                { title: t('report.dueBy'), key: 'dueOn', ...noWrap, render: (_, l) => fmtDate(l.due.dueOn) },
              ]}
            />
          </Card>
        </Col>
      </Row>
      <Card size="small">
        <ReportPeopleTable cursor={report} total={first?.total} loading={report.query.isFetching} />
      </Card>
      {can('training.manage_settings') && <SettingsCard />}
    </Space>
  );
}
