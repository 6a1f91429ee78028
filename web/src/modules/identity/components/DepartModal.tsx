import { useEffect } from 'react';
import { Alert, Form, InputNumber, Modal, Spin, Typography, type ButtonProps } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api.js';
import type { DirectoryEntry as User } from '../../../app/contracts.js';
import { errorText, problemOf, showSuccess } from '../../../app/feedback.js';
import { blockingCount, HoldingsByModule, useHoldings } from './Holdings.js';

/**
 * Departure: revokes the account and starts the separation (脱密期) period. What the person holds in each module
 * is listed first; a blocking holding must be handed over before the departure can be confirmed.
 */
export function DepartModal({ user, onClose }: { user: User | null; onClose: () => void }) {
  const { t } = useTranslation('identity');
  const qc = useQueryClient();
  const [form] = Form.useForm<{ separationMonths: number }>();
  const holdings = useHoldings(user?.id);
  useEffect(() => {
    if (user)
      form.setFieldsValue({
        separationMonths:
          user.clearanceClass === 'core' ? 36 : user.clearanceClass === 'important' ? 24 : user.clearanceClass ? 12 : 0,
      });
  }, [user, form]);
  const depart = useMutation({
    mutationFn: (v: { separationMonths: number }) => api.users.depart(user!.id, user!.version!, v.separationMonths),
    onSuccess: async () => {
      showSuccess(t('user.done'));
      await qc.invalidateQueries({ queryKey: ['users'] });
      close();
    },
    onError: () => qc.invalidateQueries({ queryKey: ['users'] }),
  });
  const close = () => {
    depart.reset();
    onClose();
  };
  const blocking = blockingCount(holdings.data);
  const refused = problemOf(depart.error) === 'holdings_remain';
  return (
    <Modal
      open={user !== null}
      title={t('user.departTitle', { name: user?.displayName ?? '' })}
      onCancel={close}
      onOk={() => form.submit()}
      confirmLoading={depart.isPending}
      okButtonProps={
        { danger: true, disabled: !holdings.data || blocking > 0, 'data-testid': 'depart-confirm' } as ButtonProps
      }
      forceRender
    >
      <Alert type="warning" showIcon message={t('user.departHint')} style={{ marginBottom: 16 }} />
      <Typography.Title level={5}>{t('departure.holdings')}</Typography.Title>
      {holdings.isPending && user ? (
        <Spin size="small" tip={t('departure.loading')}>
          <div style={{ minHeight: 32 }} />
        </Spin>
      ) : holdings.data?.modules.length ? (
        <>
          <Alert
            type={blocking ? 'error' : 'info'}
            showIcon
            message={blocking ? t('departure.blocked', { count: blocking }) : t('departure.notBlocking')}
            style={{ marginBottom: 8 }}
            data-testid="depart-holdings-note"
          />
          <HoldingsByModule holdings={holdings.data} />
        </>
      ) : holdings.data ? (
        <Typography.Paragraph type="secondary" data-testid="depart-holdings-none">
          {t('departure.none')}
        </Typography.Paragraph>
      ) : null}
      {refused && <Alert type="error" showIcon message={errorText(depart.error)} style={{ margin: '8px 0' }} />}
      <Form form={form} layout="vertical" onFinish={(v) => depart.mutate(v)} style={{ marginTop: 16 }}>
        <Form.Item name="separationMonths" label={t('user.separationMonths')} rules={[{ required: true }]}>
          <InputNumber min={0} max={36} precision={0} style={{ width: '100%' }} data-testid="depart-months" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
