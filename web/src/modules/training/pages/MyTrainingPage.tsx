import { useState } from 'react';
import { Alert, Button, Card, Select, Space, Spin, Tabs, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useAbility, useCurrentUser } from '../../../app/auth.js';
import { ASSIGNMENTS_KEY, MY_RECORD_KEY, recordApi, type AssignmentFilters } from '../api/records.js';
import { AssignmentModal } from '../components/AssignmentModal.js';
import { AssignmentTable } from '../components/AssignmentTable.js';
import { ExternalModal } from '../components/ExternalModal.js';
import { PersonRecord } from './PersonRecord.js';

/** The office's follow-up tasks (TRN-13): every task, by state, with assigning and cancelling. */
function AssignmentsTab() {
  const { t } = useTranslation('training');
  const [state, setState] = useState<AssignmentFilters['state']>('open');
  const [assigning, setAssigning] = useState(false);
  const list = useQuery({
    queryKey: [...ASSIGNMENTS_KEY, state ?? 'all'],
    queryFn: () => recordApi.assignments(state ? { state } : {}),
  });
  return (
    <Card
      size="small"
      title={
        <Select
          value={state ?? 'all'}
          style={{ width: 160 }}
          onChange={(v) => setState(v === 'all' ? undefined : (v as AssignmentFilters['state']))}
          options={[
            { value: 'all', label: t('record.assign.all') },
            ...(['open', 'met', 'cancelled'] as const).map((s) => ({ value: s, label: t(`record.taskState.${s}`) })),
          ]}
          data-testid="tasks-filter"
        />
      }
      extra={
        <Button type="primary" onClick={() => setAssigning(true)} data-testid="tasks-assign">
          {t('record.assign.title')}
        </Button>
      }
    >
      <AssignmentTable items={list.data?.items ?? []} loading={list.isLoading} showPerson canCancel />
      <AssignmentModal open={assigning} onClose={() => setAssigning(false)} />
    </Card>
  );
}

/**
 * 我的培训 (`/training`): what is due with states and dates, where to take it (the course, the sessions), my
 * certificates, my external certificates (add with the file), my follow-up tasks; the office also finds every
 * follow-up task here.
 */
export function MyTrainingPage() {
  const { t } = useTranslation('training');
  const can = useAbility();
  const me = useCurrentUser();
  const mine = useQuery({ queryKey: MY_RECORD_KEY, queryFn: recordApi.mine });
  const [adding, setAdding] = useState(false);

  const record = (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Alert type="info" showIcon title={t('record.mine.intro')} />
      {mine.isLoading && <Spin />}
      {mine.data && (
        <PersonRecord
          own
          record={mine.data}
          externalExtra={
            mine.data.abilities.recordExternal && (
              <Button size="small" onClick={() => setAdding(true)} data-testid="external-add">
                {t('record.external.add')}
              </Button>
            )
          }
        />
      )}
      <ExternalModal userId={me.user.id} open={adding} onClose={() => setAdding(false)} />
    </Space>
  );
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('record.mine.title')}
      </Typography.Title>
      {can('training.assign') ? (
        <Tabs
          items={[
            { key: 'mine', label: t('record.mine.title'), children: record },
            { key: 'tasks', label: t('record.nav.assignments'), children: <AssignmentsTab /> },
          ]}
        />
      ) : (
        record
      )}
    </Space>
  );
}
