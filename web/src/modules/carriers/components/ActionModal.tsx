import { useEffect, useState, type ReactNode } from 'react';
import { Form, Modal, type ButtonProps, type FormInstance } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { isApiError } from '../../../app/api/client.js';
import { showSuccess } from '../../../app/feedback.js';
import type { CarrierDetail } from '../contracts.js';
import { CARRIERS_KEY, detailKey, LOCATIONS_KEY } from './common.js';
import { ProblemAlert } from './ProblemAlert.js';

/**
 * One action on a carrier in a dialog: its form, the call, the refusal shown in words with its way forward
 * (asking for access to the linked item, or for showing outside the scope), and the carrier, the ledgers and the
 * locations refreshed afterwards. `name` gives the test ids: `carrier-<name>-form`, `carrier-<name>-submit`.
 */
export function ActionModal<V extends object>({
  carrier,
  name,
  open,
  title,
  okText,
  danger,
  initialValues,
  submit,
  done,
  onClose,
  onShowOutside,
  children,
  width,
}: {
  carrier: CarrierDetail;
  name: string;
  open: boolean;
  title: string;
  okText?: string;
  danger?: boolean;
  initialValues?: Partial<V>;
  submit: (values: V) => Promise<unknown>;
  /** The success message. */
  done: string;
  onClose: () => void;
  /** Offered when the refusal is someone outside the carrier's scope. */
  onShowOutside?: () => void;
  children: ReactNode | ((form: FormInstance<V>) => ReactNode);
  width?: number;
}) {
  const { t } = useTranslation('carriers');
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [form] = Form.useForm<V>();
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (open) {
      form.resetFields();
      setError(null);
    }
  }, [open, form]);

  const run = useMutation({
    mutationFn: submit,
    // Refusals are shown in the dialog, with what to do about them.
    meta: { quiet: ['validation_failed', 'forbidden', 'conflict', 'stale_version', 'not_found'] },
    onMutate: () => setError(null),
    onSuccess: async (answer) => {
      if (answer && typeof answer === 'object' && 'abilities' in answer) qc.setQueryData(detailKey(carrier.id), answer);
      // 204: the movement took the carrier out of the caller's sight (handed to another department...).
      if (answer === null || answer === undefined) {
        onClose();
        navigate('/carriers');
        qc.removeQueries({ queryKey: detailKey(carrier.id) });
      }
      await qc.invalidateQueries({ queryKey: CARRIERS_KEY });
      await qc.invalidateQueries({ queryKey: LOCATIONS_KEY });
      await qc.invalidateQueries({ queryKey: ['requests'] });
      await qc.invalidateQueries({ queryKey: ['workbench'] });
      showSuccess(done);
      onClose();
    },
    onError: async (e) => {
      setError(e);
      // Someone else changed the carrier meanwhile: show it as it is now.
      if (isApiError(e) && e.code === 'stale_version') await qc.invalidateQueries({ queryKey: detailKey(carrier.id) });
    },
  });

  return (
    <Modal
      open={open}
      title={title}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={run.isPending}
      okText={okText ?? t('common.submit')}
      okButtonProps={{ danger, 'data-testid': `carrier-${name}-submit` } as ButtonProps}
      width={width ?? 560}
      forceRender
    >
      <ProblemAlert error={error} itemId={carrier.item?.id} onShowOutside={onShowOutside} />
      <Form<V>
        form={form}
        layout="vertical"
        initialValues={initialValues}
        onFinish={(v) => run.mutate(v)}
        data-testid={`carrier-${name}-form`}
      >
        {typeof children === 'function' ? children(form) : children}
      </Form>
    </Modal>
  );
}
