import { useState } from 'react';
import { Alert, Form, Modal, Select, Spin, Typography, type ButtonProps } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api.js';
import type { DirectoryEntry as User } from '../../../app/contracts.js';
import { showSuccess } from '../../../app/feedback.js';
import { HoldingTable, holdingsKey, useHoldingTexts, useHoldings } from './Holdings.js';
import { PersonPicker } from './PersonPicker.js';

/**
 * The security administrator hands some of a person's holdings in one module to a colleague (移交), whether the
 * person is still here or has departed. Each module decides each holding (a custody transfer needs a colleague
 * cleared for the level); what cannot be handed over (an access grant) is shown but cannot be picked. Rendered
 * while open, so each opening starts afresh.
 */
export function HandOverModal({ user, onClose }: { user: User; onClose: () => void }) {
  const { t } = useTranslation('identity');
  const qc = useQueryClient();
  const { moduleName } = useHoldingTexts();
  const holdings = useHoldings(user.id);
  const modules = (holdings.data?.modules ?? []).filter((m) => m.holdings.some((h) => h.transferable));
  const [module, setModule] = useState<string | undefined>();
  const [selected, setSelected] = useState<string[]>([]);
  const [form] = Form.useForm<{ toId: string }>();
  const current = modules.find((m) => m.module === module) ?? modules[0];
  const handOver = useMutation({
    mutationFn: (v: { toId: string }) =>
      api.users.handOver(user.id, { module: current!.module, toId: v.toId, holdingIds: selected }),
    onSuccess: async (after) => {
      showSuccess(t('departure.handedOver', { count: selected.length }));
      qc.setQueryData(holdingsKey(user.id), after);
      await qc.invalidateQueries({ queryKey: ['users'] });
      onClose();
    },
    // Some may have been handed over before a refusal (each is its own transfer): show what remains.
    onError: () => qc.invalidateQueries({ queryKey: holdingsKey(user.id) }),
  });
  return (
    <Modal
      open
      title={t('departure.handOverTitle', { name: user.displayName })}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={handOver.isPending}
      okText={t('departure.handOver')}
      okButtonProps={{ disabled: !current || selected.length === 0, 'data-testid': 'hand-over-submit' } as ButtonProps}
      width={640}
    >
      {holdings.isPending ? (
        <Spin size="small" tip={t('departure.loading')}>
          <div style={{ minHeight: 32 }} />
        </Spin>
      ) : !current ? (
        <Typography.Paragraph type="secondary" data-testid="hand-over-nothing">
          {t('departure.nothingToHandOver')}
        </Typography.Paragraph>
      ) : (
        <Form form={form} layout="vertical" onFinish={(v) => handOver.mutate(v)}>
          {modules.length > 1 && (
            <Form.Item label={t('departure.module')}>
              <Select
                value={current.module}
                onChange={(m: string) => {
                  setModule(m);
                  setSelected([]);
                }}
                options={modules.map((m) => ({ value: m.module, label: moduleName(m.module) }))}
                data-testid="hand-over-module"
              />
            </Form.Item>
          )}
          <Form.Item label={t('departure.pick')} required>
            <div data-testid="hand-over-holdings">
              <HoldingTable
                module={current.module}
                holdings={current.holdings}
                selection={{ selected, onChange: setSelected }}
              />
            </div>
          </Form.Item>
          <Form.Item
            name="toId"
            label={t('departure.to')}
            rules={[{ required: true, message: t('departure.toRequired') }]}
          >
            <PersonPicker placeholder={t('departure.toPlaceholder')} testid="hand-over-to" />
          </Form.Item>
          {selected.length === 0 && <Alert type="info" showIcon message={t('departure.pickRequired')} />}
        </Form>
      )}
    </Modal>
  );
}
