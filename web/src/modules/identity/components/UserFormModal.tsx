import { useEffect } from 'react';
import { DatePicker, Form, Input, Modal, Select, Switch, TreeSelect, type ButtonProps } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api.js';
import { type BusinessRole, type CreateUserResponse, type DirectoryEntry as User } from '../../../app/contracts.js';
import { BUSINESS_ROLES } from '../../../../../src/kernel/roles.js';
import { showSuccess } from '../../../app/feedback.js';
import type { DeptNode } from '../../../shared/deptTree.js';

interface Values {
  username: string;
  displayName: string;
  email?: string;
  departmentId?: string | null;
  post?: string;
  businessRoles?: BusinessRole[];
  hiredOn?: Dayjs | null;
  computerUser?: boolean;
}

/** Create (user = null) or edit identity fields of a user. */
export function UserFormModal({
  open,
  user,
  tree,
  onClose,
  onCreated,
}: {
  open: boolean;
  user: User | null;
  tree: DeptNode[];
  onClose: () => void;
  onCreated: (r: CreateUserResponse) => void;
}) {
  const { t } = useTranslation('identity');
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (user)
      form.setFieldsValue({
        ...user,
        email: user.email ?? undefined,
        post: user.post ?? undefined,
        hiredOn: user.hiredOn ? dayjs(user.hiredOn) : null,
        computerUser: user.computerUser ?? false,
      });
  }, [open, user, form]);

  const save = useMutation({
    mutationFn: async (v: Values) => {
      const common = {
        displayName: v.displayName.trim(),
        email: v.email?.trim() || null,
        departmentId: v.departmentId ?? null,
        post: v.post?.trim() || null,
        businessRoles: v.businessRoles ?? [],
        hiredOn: v.hiredOn ? v.hiredOn.format('YYYY-MM-DD') : null,
        computerUser: v.computerUser ?? false,
      };
      if (user) {
        await api.users.update(user.id, { version: user.version!, ...common });
        return null;
      }
      return api.users.create({ username: v.username.trim(), ...common });
    },
    onSuccess: async (r) => {
      await qc.invalidateQueries({ queryKey: ['users'] });
      if (r) onCreated(r);
      else {
        showSuccess(t('user.updated'));
        onClose();
      }
    },
    onError: () => qc.invalidateQueries({ queryKey: ['users'] }),
  });

  return (
    <Modal
      open={open}
      title={user ? `${t('user.edit')}: ${user.displayName}` : t('user.create')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      okButtonProps={{ 'data-testid': 'user-submit' } as ButtonProps}
      forceRender
    >
      <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)}>
        <Form.Item
          name="username"
          label={t('user.username')}
          extra={user ? undefined : t('user.usernameHint')}
          rules={user ? [] : [{ required: true, pattern: /^[A-Za-z0-9._-]{3,64}$/, message: t('user.usernameHint') }]}
        >
          <Input disabled={!!user} autoComplete="off" data-testid="user-username" />
        </Form.Item>
        <Form.Item
          name="displayName"
          label={t('user.displayName')}
          rules={[{ required: true, whitespace: true, max: 64 }]}
        >
          <Input data-testid="user-displayname" />
        </Form.Item>
        <Form.Item name="email" label={t('user.email')} rules={[{ type: 'email' }]}>
          <Input data-testid="user-email" />
        </Form.Item>
        <Form.Item name="departmentId" label={t('user.department')} rules={[{ required: true }]}>
          <TreeSelect
            treeData={tree}
            treeDefaultExpandAll
            showSearch
            treeNodeFilterProp="title"
            data-testid="user-department"
          />
        </Form.Item>
        <Form.Item name="post" label={t('user.post')} rules={[{ max: 64 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="hiredOn" label={t('user.hiredOn')} extra={t('user.hiredOnHint')}>
          <DatePicker data-testid="user-hired-on" />
        </Form.Item>
        <Form.Item name="computerUser" label={t('user.computerUser')} valuePropName="checked">
          <Switch data-testid="user-computer-user" />
        </Form.Item>
        <Form.Item name="businessRoles" label={t('user.businessRoles')}>
          <Select
            mode="multiple"
            options={BUSINESS_ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))}
            data-testid="user-roles"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
