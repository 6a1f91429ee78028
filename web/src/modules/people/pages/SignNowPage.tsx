import { useState } from 'react';
import { Alert, Button, Card, Layout, Result, Space, Spin, Typography } from 'antd';
import { LockOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { OVERDUE_STATES } from '../../../../../src/kernel/agreements.js';
import { ME_KEY, useSignOut } from '../../../app/auth.js';
import { LangSwitch } from '../../../app/LangSwitch.js';
import { showSuccess } from '../../../app/feedback.js';
import { api } from '../api.js';
import type { Obligation } from '../contracts.js';
import { MINE_KEY, ObligationTable } from '../components/common.js';
import { SignModal } from '../components/SignModal.js';

/** The agreements that hold a sign-in: enforced kinds past their date (PER-01/02). */
const holds = (o: Obligation) => o.enforced && OVERDUE_STATES.includes(o.state);

/**
 * 请先签署 (sign-in stage `agreements`): a person whose time to sign the NDA or the responsibility letter has passed
 * reads and signs those, and only those, before anything else; then the session is full and the app opens.
 */
export function SignNowPage() {
  const { t } = useTranslation('people');
  const qc = useQueryClient();
  const navigate = useNavigate();
  const signOut = useSignOut();
  const mine = useQuery({ queryKey: MINE_KEY, queryFn: api.mine.list });
  const [reading, setReading] = useState<Obligation | null>(null);
  const [entering, setEntering] = useState(false);
  const due = (mine.data?.items ?? []).filter(holds);

  const enter = async () => {
    setEntering(true);
    await qc.invalidateQueries({ queryKey: ME_KEY });
    await qc.refetchQueries({ queryKey: ME_KEY });
    navigate('/', { replace: true });
  };

  return (
    <Layout style={{ minHeight: '100vh', alignItems: 'center', background: '#f0f2f5', padding: '48px 16px' }}>
      <div style={{ position: 'absolute', top: 16, right: 16 }}>
        <LangSwitch />
      </div>
      <Card style={{ width: 960, maxWidth: '96vw' }} data-testid="sign-now">
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Space>
            <LockOutlined style={{ fontSize: 22, color: '#cf1322' }} />
            <Typography.Title level={4} style={{ margin: 0 }} data-testid="sign-now-title">
              {t('hold.title')}
            </Typography.Title>
          </Space>
          <Alert type="warning" showIcon title={t('hold.hint')} />
          {mine.isLoading && <Spin />}
          {mine.data && due.length > 0 && (
            <>
              <Typography.Text strong data-testid="sign-now-remaining">
                {t('hold.remaining', { count: due.length })}
              </Typography.Text>
              <ObligationTable obligations={due} onRead={setReading} testid="sign-now-list" />
            </>
          )}
          {mine.data && due.length === 0 && (
            <Result
              status="success"
              title={t('hold.done')}
              extra={
                <Button type="primary" loading={entering} onClick={() => void enter()} data-testid="sign-now-enter">
                  {t('hold.enter')}
                </Button>
              }
            />
          )}
          <Button type="link" onClick={() => void signOut()} data-testid="sign-now-logout" style={{ padding: 0 }}>
            {t('hold.logout')}
          </Button>
        </Space>
      </Card>
      <SignModal
        obligation={reading}
        onClose={() => setReading(null)}
        onSigned={async (answer) => {
          setReading(null);
          showSuccess(t('sign.signed'));
          await qc.invalidateQueries({ queryKey: MINE_KEY });
          const left = (await qc.fetchQuery({ queryKey: MINE_KEY, queryFn: api.mine.list })).items.filter(holds);
          if (answer.stage === 'full' || left.length === 0) await enter();
        }}
      />
    </Layout>
  );
}
