import { Alert, Card, Descriptions, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { fmtDateTime } from '../format.js';
import { factOf, failureKey, jobKey, SEVERITY_COLOUR, type OverviewCard } from './api.js';

const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

/** Each scheduled job's last run and outcome, and its failures this week, linked to the job's runs. */
export function JobsOverview({ card }: { card: OverviewCard }) {
  const { t } = useTranslation('workbench');
  const rows = card.figures.map((f) => ({
    job: f.group,
    failed: f,
    at: factOf(card, 'last_run_at', f.group) as string | null,
    outcome: factOf(card, 'last_outcome', f.group) as 'ok' | 'failed' | null,
  }));
  // A job whose last run failed first (a stable sort keeps the rest in name order).
  rows.sort((a, b) => Number(b.outcome === 'failed') - Number(a.outcome === 'failed'));
  return (
    <Card
      size="small"
      title={<Link to={card.web}>{t('jobs.title')}</Link>}
      extra={
        <Link to={card.web} data-testid="overview-jobs-all">
          {t('jobs.all')}
        </Link>
      }
      data-testid="overview-jobs"
      data-severity={card.severity}
    >
      <Table
        size="small"
        pagination={false}
        rowKey="job"
        // Every job shows (a few dozen rows at most): a fixed-height scroll area cut rows off mid-line.
        dataSource={rows}
        columns={[
          {
            key: 'job',
            title: t('jobs.job'),
            render: (_: unknown, r) => (
              <Link to={`/job-runs?job=${encodeURIComponent(r.job)}`} data-testid={`job-${r.job}`}>
                {t(jobKey(r.job), { defaultValue: r.job })}
              </Link>
            ),
          },
          {
            key: 'at',
            title: t('jobs.lastRun'),
            render: (_: unknown, r) => (r.at ? fmtDateTime(r.at) : t('jobs.never')),
          },
          {
            key: 'outcome',
            title: t('jobs.outcome'),
            render: (_: unknown, r) =>
              r.outcome ? <Tag color={r.outcome === 'ok' ? 'green' : 'red'}>{t(`outcome.${r.outcome}`)}</Tag> : '—',
          },
          {
            key: 'failed',
            title: t('jobs.failures'),
            align: 'right',
            render: (_: unknown, r) => (
              <Link to={r.failed.link.web} style={r.failed.count > 0 ? { color: SEVERITY_COLOUR.danger } : undefined}>
                {r.failed.count}
              </Link>
            ),
          },
        ]}
      />
    </Card>
  );
}

/** The last good backup and its age (red when there is none or it is older than a week) and the recent backups. */
export function BackupOverview({ card }: { card: OverviewCard }) {
  const { t } = useTranslation('workbench');
  const at = factOf(card, 'last_good_at') as string | null;
  const age = factOf(card, 'age_days') as number | null;
  const bytes = factOf(card, 'last_good_bytes') as number | null;
  const lastOutcome = factOf(card, 'last_outcome');
  const figure = (series: string) => card.figures.find((f) => f.series === series);
  const [ok, failed] = [figure('ok'), figure('failed')];
  const drillAt = factOf(card, 'drill_at') as string | null;
  const drillMs = factOf(card, 'drill_ms') as number | null;
  const drillFailed = factOf(card, 'drill_outcome') === 'failed';
  // A failure reads in the reader's language by its code; the English error is the technical detail beneath.
  const lastError = factOf(card, 'last_error') as string | null;
  const drillError = factOf(card, 'drill_error') as string | null;
  return (
    <Card
      size="small"
      title={<Link to={card.web}>{t('backup.title')}</Link>}
      data-testid="overview-backup"
      data-severity={card.severity}
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        {card.severity === 'danger' && (
          <Alert
            type="error"
            showIcon
            message={
              factOf(card, 'overdue') === 'yes'
                ? t('backup.scheduleOverdue')
                : at
                  ? t('backup.overdue')
                  : t('backup.none')
            }
          />
        )}
        {factOf(card, 'scheduled') === 'off' && (
          <Typography.Text type="secondary" data-testid="backup-schedule-off">
            {t('backup.scheduleOff')}
          </Typography.Text>
        )}
        {lastOutcome === 'failed' && (
          <Alert
            type="warning"
            showIcon
            data-testid="backup-last-failed"
            message={t('backup.lastFailed', {
              reason: t(failureKey(factOf(card, 'last_error_code') as string | null)),
            })}
            description={lastError ? t('backup.detail', { error: lastError }) : undefined}
          />
        )}
        <Descriptions column={1} size="small">
          <Descriptions.Item label={t('backup.lastGood')}>
            <span style={{ color: SEVERITY_COLOUR[card.severity] }} data-testid="backup-age">
              {at ? `${fmtDateTime(at)} (${age ? t('backup.age', { n: age }) : t('backup.today')})` : t('backup.none')}
            </span>
          </Descriptions.Item>
          {at && <Descriptions.Item label={t('backup.where')}>{factOf(card, 'last_good_where')}</Descriptions.Item>}
          {bytes !== null && (
            <Descriptions.Item label={t('backup.size')}>{t('runs.bytes', { n: mib(bytes) })}</Descriptions.Item>
          )}
          <Descriptions.Item label={t('backup.drill')}>
            <Space direction="vertical" size={0}>
              <span
                data-testid="backup-drill-result"
                data-outcome={factOf(card, 'drill_outcome') ?? 'none'}
                style={drillFailed ? { color: SEVERITY_COLOUR.warning } : undefined}
              >
                {!drillAt
                  ? t('backup.drillNever')
                  : drillFailed
                    ? t('backup.drillFailed', {
                        at: fmtDateTime(drillAt),
                        reason: t(failureKey(factOf(card, 'drill_error_code') as string | null)),
                      })
                    : t('backup.drillOk', { at: fmtDateTime(drillAt), seconds: ((drillMs ?? 0) / 1000).toFixed(1) })}
              </span>
              {drillFailed && drillError && (
                <Typography.Text type="secondary" data-testid="backup-drill-detail">
                  {t('backup.detail', { error: drillError })}
                </Typography.Text>
              )}
            </Space>
          </Descriptions.Item>
          <Descriptions.Item label={t('backup.recent')}>
            <Space>
              {ok && <Link to={ok.link.web}>{t('backup.ok', { n: ok.count })}</Link>}
              {failed && (
                <Link to={failed.link.web} style={failed.count > 0 ? { color: SEVERITY_COLOUR.danger } : undefined}>
                  {t('backup.failed', { n: failed.count })}
                </Link>
              )}
            </Space>
          </Descriptions.Item>
        </Descriptions>
      </Space>
    </Card>
  );
}
