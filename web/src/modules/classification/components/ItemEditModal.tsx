import { useEffect } from 'react';
import { Alert, Form, Input, Modal, Select, type ButtonProps } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api.js';
import { isApiError } from '../../../app/api/client.js';
import { type ItemCategory, type ItemDetail, type UpdateItemBody } from '../../../app/contracts.js';
import { isClassified } from '../../../../../src/kernel/levels.js';
import { feedback, showSuccess } from '../../../app/feedback.js';
import { useClassificationSettings } from './common.js';
import { ScopeEditor, toEntries, type ScopeItem } from './ScopeEditor.js';

interface Values {
  title: string;
  category: ItemCategory;
  basis: string;
  scope: ScopeItem[];
  content?: string;
}

/**
 * The custodian edits title, category, basis, scope and (once read) the content. Only changed fields are
 * sent, with the version read; a conflict reloads the item.
 */
export function ItemEditModal({
  open,
  item,
  content,
  onClose,
}: {
  open: boolean;
  item: ItemDetail;
  content: string | null;
  onClose: () => void;
}) {
  const { t } = useTranslation('classification');
  const qc = useQueryClient();
  const settings = useClassificationSettings();
  const [form] = Form.useForm<Values>();
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue({
      title: item.title,
      category: item.category,
      basis: item.basis,
      scope: item.scope,
      content: content ?? undefined,
    });
  }, [open]); // eslint-disable-line react-hooks/exhaustive-deps

  const save = useMutation({
    mutationFn: (v: Values) => {
      const body: UpdateItemBody = { version: item.version };
      if (v.title.trim() !== item.title) body.title = v.title.trim();
      if (v.category !== item.category) body.category = v.category;
      if (v.basis.trim() !== item.basis) body.basis = v.basis.trim();
      const key = (s: { kind: string; ref: string }) => `${s.kind}:${s.ref}`;
      if (v.scope.map(key).sort().join() !== item.scope.map(key).sort().join()) body.scope = toEntries(v.scope);
      if (content !== null && v.content !== undefined && v.content !== content) body.content = v.content;
      return api.items.update(item.id, body);
    },
    onSuccess: async (updated) => {
      showSuccess(t('item.edited'));
      qc.setQueryData(['items', 'detail', item.id], updated);
      await qc.invalidateQueries({ queryKey: ['items'] });
      onClose();
    },
    onError: async (e) => {
      if (isApiError(e) && e.code === 'stale_version') {
        feedback.current?.message.warning(t('item.conflict'));
        await qc.invalidateQueries({ queryKey: ['items'] });
        onClose();
      }
    },
    meta: { quiet: ['stale_version'] },
  });

  return (
    <Modal
      open={open}
      width={720}
      title={t('item.editTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      okButtonProps={{ 'data-testid': 'item-edit-submit' } as ButtonProps}
      forceRender
    >
      <Form<Values> form={form} layout="vertical" onFinish={(v) => save.mutate(v)}>
        <Form.Item name="title" label={t('item.name')} rules={[{ required: true, whitespace: true, max: 200 }]}>
          <Input maxLength={200} data-testid="item-edit-title" />
        </Form.Item>
        <Form.Item name="category" label={t('item.category')} rules={[{ required: true }]}>
          <Select options={(settings.data?.categories ?? []).map((c) => ({ value: c, label: t(`category.${c}`) }))} />
        </Form.Item>
        <Form.Item name="basis" label={t('item.basis')} rules={[{ required: true, whitespace: true, max: 1000 }]}>
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
        <Form.Item
          name="scope"
          label={t('item.scope')}
          extra={item.status === 'in_force' && isClassified(item.level) ? t('item.scopeEditHint') : undefined}
        >
          <ScopeEditor />
        </Form.Item>
        {content === null ? (
          <Alert type="info" showIcon title={t('item.contentEditHint')} />
        ) : (
          <Form.Item name="content" label={t('item.content')} rules={[{ max: 20_000 }]}>
            <Input.TextArea rows={6} maxLength={20_000} data-testid="item-edit-content" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
