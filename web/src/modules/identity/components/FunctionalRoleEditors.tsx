import { useState } from 'react';
import { Button, Form, Input, Modal, Space, type ButtonProps } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api } from '../api.js';
import { PersonPicker } from './PersonPicker.js';
import { useRoleChange, type FunctionalRole } from './useOrganisationRoles.js';

/** The functional roles' editors: the create or rename dialog and the add-member picker. */

interface RoleValues {
  code?: string;
  nameZh: string;
  nameEn: string;
}

/** Creates a functional role (`role` undefined) or renames one. */
export function FunctionalRoleModal({
  open,
  role,
  onClose,
  onConflict,
}: {
  open: boolean;
  role: FunctionalRole | null;
  onClose: () => void;
  onConflict: (text: string) => void;
}) {
  const { t } = useTranslation('identity');
  const [form] = Form.useForm<RoleValues>();
  const save = useRoleChange(
    (v: RoleValues) =>
      role
        ? api.organisation.updateRole(role.code, {
            version: role.version,
            ...(v.nameZh.trim() !== role.nameZh ? { nameZh: v.nameZh.trim() } : {}),
            ...(v.nameEn.trim() !== role.nameEn ? { nameEn: v.nameEn.trim() } : {}),
          })
        : api.organisation.createRole({ code: v.code!.trim(), nameZh: v.nameZh.trim(), nameEn: v.nameEn.trim() }),
    onConflict,
    role ? t('org.saved') : t('org.created'),
  );
  return (
    <Modal
      open={open}
      title={role ? `${t('org.rename')}: ${role.code}` : t('org.createRole')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      okButtonProps={{ 'data-testid': 'org-role-submit' } as ButtonProps}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={role ? { nameZh: role.nameZh, nameEn: role.nameEn } : {}}
        onFinish={(v) => save.mutate(v, { onSuccess: onClose })}
      >
        {!role && (
          <Form.Item
            name="code"
            label={t('org.code')}
            extra={t('org.codeHint')}
            rules={[{ required: true, pattern: /^[a-z][a-z0-9_]{1,39}$/, message: t('org.codeHint') }]}
          >
            <Input data-testid="org-role-code" />
          </Form.Item>
        )}
        <Form.Item name="nameZh" label={t('org.nameZh')} rules={[{ required: true, whitespace: true, max: 40 }]}>
          <Input data-testid="org-role-name-zh" />
        </Form.Item>
        <Form.Item name="nameEn" label={t('org.nameEn')} rules={[{ required: true, whitespace: true, max: 80 }]}>
          <Input data-testid="org-role-name-en" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Adds a member to a functional role: pick a person, then add. */
export function AddMember({ role, onConflict }: { role: FunctionalRole; onConflict: (text: string) => void }) {
  const { t } = useTranslation('identity');
  const [picked, setPicked] = useState<string | undefined>();
  const add = useRoleChange(
    (userId: string) => api.organisation.addMember(role.code, role.version, userId),
    onConflict,
  );
  return (
    <Space.Compact>
      <PersonPicker
        value={picked}
        onChange={setPicked}
        placeholder={t('org.pickPerson')}
        testid={`org-role-${role.code}-picker`}
        style={{ minWidth: 220 }}
      />
      <Button
        icon={<PlusOutlined />}
        disabled={!picked}
        loading={add.isPending}
        onClick={() => picked && add.mutate(picked, { onSuccess: () => setPicked(undefined) })}
        data-testid={`org-role-${role.code}-add`}
      >
        {t('org.addMember')}
      </Button>
    </Space.Compact>
  );
}
