import { Form, Input, InputNumber, Modal, TreeSelect, type ButtonProps } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api.js';
import type { Department } from '../../../app/contracts.js';
import { showSuccess } from '../../../app/feedback.js';
import type { DeptNode } from '../../../shared/deptTree.js';

interface Values {
  name: string;
  parentId?: string | null;
  code?: string;
  sortOrder?: number;
}

export function DeptCreateModal({
  open,
  tree,
  parentId,
  onClose,
  onCreated,
}: {
  open: boolean;
  tree: DeptNode[];
  parentId: string | null;
  onClose: () => void;
  onCreated: (d: Department) => void;
}) {
  const { t } = useTranslation('identity');
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const create = useMutation({
    mutationFn: (v: Values) =>
      api.departments.create({
        name: v.name.trim(),
        parentId: v.parentId ?? null,
        code: v.code?.trim() || null,
        sortOrder: v.sortOrder ?? undefined,
      }),
    onSuccess: async (d) => {
      showSuccess(t('dept.created'));
      await qc.invalidateQueries({ queryKey: ['departments'] });
      form.resetFields();
      onCreated(d);
    },
  });
  return (
    <Modal
      open={open}
      title={t('dept.create')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={create.isPending}
      okButtonProps={{ 'data-testid': 'dept-submit' } as ButtonProps}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ parentId }}
        onFinish={(v) => create.mutate(v)}
        preserve={false}
      >
        <Form.Item name="name" label={t('dept.name')} rules={[{ required: true, whitespace: true, max: 100 }]}>
          <Input data-testid="dept-name" />
        </Form.Item>
        <Form.Item name="parentId" label={t('dept.parent')}>
          <TreeSelect
            treeData={tree}
            allowClear
            placeholder={t('dept.root')}
            treeDefaultExpandAll
            data-testid="dept-parent"
          />
        </Form.Item>
        <Form.Item
          name="code"
          label={t('dept.code')}
          extra={t('dept.codeHint')}
          rules={[{ pattern: /^[A-Za-z0-9_-]{1,32}$/, message: t('dept.codeHint') }]}
        >
          <Input data-testid="dept-code" />
        </Form.Item>
        <Form.Item name="sortOrder" label={t('dept.sortOrder')}>
          <InputNumber min={0} max={100000} precision={0} style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
