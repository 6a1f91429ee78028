import { useState } from 'react';
import { Alert, Card, Space, Spin, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useCurrentUser } from '../../../app/auth.js';
import { showSuccess } from '../../../app/feedback.js';
import { api } from '../api.js';
import type { Obligation } from '../contracts.js';
import { MINE_KEY, ObligationTable, SignatureTable } from '../components/common.js';
import { SignModal } from '../components/SignModal.js';

/** 我的保密协议: what the person must sign and where they stand, reading and signing, the signed copies. */
export function MyAgreementsPage() {
  const { t } = useTranslation('people');
  const qc = useQueryClient();
  const me = useCurrentUser();
  const mine = useQuery({ queryKey: MINE_KEY, queryFn: api.mine.list });
  const history = useQuery({ queryKey: [...MINE_KEY, 'history'], queryFn: () => api.people.get(me.user.id) });
  const [reading, setReading] = useState<Obligation | null>(null);

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('mine.title')}
      </Typography.Title>
      <Alert type="info" showIcon title={t('mine.hint')} />
      {mine.isLoading && <Spin />}
      {mine.data && (
        <>
          <Card size="small">
            <ObligationTable obligations={mine.data.items} onRead={setReading} />
          </Card>
          <Card size="small" title={t('mine.history')}>
            <SignatureTable signatures={history.data?.signatures ?? []} />
          </Card>
        </>
      )}
      <SignModal
        obligation={reading}
        onClose={() => setReading(null)}
        onSigned={async () => {
          setReading(null);
          showSuccess(t('sign.signed'));
          await qc.invalidateQueries({ queryKey: MINE_KEY });
          await qc.invalidateQueries({ queryKey: ['workbench'] });
        }}
      />
    </Space>
  );
}
