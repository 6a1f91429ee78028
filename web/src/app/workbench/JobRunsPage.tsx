import { Button, Card, Select, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { PagedTable } from '../../shared/PagedTable.js';
import { ReloadOutlined } from '@ant-design/icons';
import { usePagedQuery } from '../../shared/usePagedQuery.js';
import { useAbility } from '../auth.js';
import { fmtDateTime } from '../format.js';
import { NotFoundPage } from '../NotFoundPage.js';
import { failureKey, jobKey, workbenchApi, type JobRunPage } from './api.js';
import { BackupScheduleCard } from './BackupScheduleCard.js';
import { JobIntervalsCard } from './JobIntervalsCard.js';

type Run = JobRunPage['items'][number];
const OUTCOMES = ['ok', 'failed'] as const;

/**
 * The job-run history (the system administrator's): every run of a scheduled job and every backup, newest first,
 * filtered by job, outcome and start — read from the URL, so the workbench's cards open it filtered — with the
 * instance that ran each; above it, the backup schedule (BackupScheduleCard) and how often each job runs
 * (JobIntervalsCard).
 */
export function JobRunsPage() {
  const { t } = useTranslation('workbench');
  const can = useAbility();
  const allowed = can('settings.manage');
  const [params, setParams] = useSearchParams();
  const outcome = OUTCOMES.find((o) => o === params.get('outcome'));
  const filters = {
    job: params.get('job') || undefined,
    outcome,
    from: params.get('from') || undefined,
  };
  const paged = usePagedQuery({
    queryKey: ['job-runs'],
    filters,
    fetch: (q) => workbenchApi.jobRuns(q),
    enabled: allowed,
  });
  const jobs = (paged.query.data as JobRunPage | undefined)?.jobs ?? [];
  const set = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  const jobText = (job: string) => t(jobKey(job), { defaultValue: job });
  if (!allowed) return <NotFoundPage forbidden />;
  return (
    <>
      <BackupScheduleCard />
      <JobIntervalsCard />
      <Card title={t('runs.title')}>
        <Space wrap style={{ marginBottom: 16 }}>
          <Select
            data-testid="runs-job"
            style={{ width: 220 }}
            allowClear
            placeholder={t('runs.allJobs')}
            value={filters.job}
            onChange={(v: string | undefined) => set('job', v)}
            options={jobs.map((j) => ({ value: j, label: jobText(j) }))}
          />
          <Select
            data-testid="runs-outcome"
            style={{ width: 140 }}
            allowClear
            placeholder={t('runs.allOutcomes')}
            value={outcome}
            onChange={(v: string | undefined) => set('outcome', v)}
            options={OUTCOMES.map((o) => ({ value: o, label: t(`outcome.${o}`) }))}
          />
          {/* The list is read when asked (each read is audited): after "run now", refresh to see the run. */}
          <Button
            icon={<ReloadOutlined />}
            onClick={() => void paged.query.refetch()}
            loading={paged.query.isFetching}
            data-testid="runs-refresh"
          >
            {t('common.refresh')}
          </Button>
          {filters.from && (
            <Space data-testid="runs-from">
              <Typography.Text>
                {t('runs.from')}: {fmtDateTime(filters.from)}
              </Typography.Text>
              <Button size="small" onClick={() => set('from', undefined)}>
                {t('runs.clearFrom')}
              </Button>
            </Space>
          )}
        </Space>
        <PagedTable<Run>
          paged={paged}
          rowKey="id"
          size="small"
          data-testid="runs-table"
          data-total={paged.query.data?.total}
          columns={[
            { key: 'job', title: t('runs.job'), render: (_: unknown, r) => jobText(r.job) },
            { key: 'startedAt', title: t('runs.startedAt'), render: (_: unknown, r) => fmtDateTime(r.startedAt) },
            { key: 'finishedAt', title: t('runs.finishedAt'), render: (_: unknown, r) => fmtDateTime(r.finishedAt) },
            {
              key: 'outcome',
              title: t('runs.outcome'),
              render: (_: unknown, r) => (
                <Tag color={r.outcome === 'ok' ? 'green' : 'red'}>{t(`outcome.${r.outcome}`)}</Tag>
              ),
            },
            {
              key: 'detail',
              title: t('runs.detail'),
              render: (_: unknown, r) =>
                [
                  // A coded failure (a backup's, a drill's) in the reader's language, its English error after it.
                  r.errorCode ? t(failureKey(r.errorCode)) : null,
                  r.error ?? r.summary,
                  r.bytes !== null ? t('runs.bytes', { n: (r.bytes / 1024 / 1024).toFixed(1) }) : null,
                ]
                  .filter(Boolean)
                  .join(' · '),
            },
            { key: 'instance', title: t('runs.instance'), dataIndex: 'instanceId' },
          ]}
        />
      </Card>
    </>
  );
}
