import { useState } from 'react';
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  Modal,
  Popconfirm,
  Space,
  Tag,
  Typography,
  type ButtonProps,
} from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api.js';
import { isApiError } from '../../../app/api/client.js';
import { useAbility } from '../../../app/auth.js';
import { showSuccess } from '../../../app/feedback.js';
import { PagedTable } from '../../../shared/PagedTable.js';
import { PersonPicker, personLabel } from './PersonPicker.js';

type OrganisationRoles = Awaited<ReturnType<typeof api.organisation.roles>>;
type FunctionalRole = OrganisationRoles['functionalRoles'][number];
type RolePerson = NonNullable<OrganisationRoles['generalManager']>;

const KEY = ['organisation-roles'];

export function useOrganisationRoles() {
  return useQuery({ queryKey: KEY, queryFn: api.organisation.roles });
}

/**
 * A change of the organisation's roles: on success the roles are read again; a stale version (someone changed
 * them meanwhile) is said in `onConflict` and the roles are reloaded.
 */
function useRoleChange<A>(fn: (args: A) => Promise<unknown>, onConflict: (text: string) => void, success?: string) {
  const { t } = useTranslation('identity');
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: async () => {
      onConflict('');
      showSuccess(success ?? t('org.saved'));
      await qc.invalidateQueries({ queryKey: KEY });
    },
    onError: async (e) => {
      if (isApiError(e) && e.code === 'stale_version') {
        onConflict(t('org.conflict'));
        await qc.invalidateQueries({ queryKey: KEY });
      }
    },
    meta: { quiet: ['stale_version'] },
  });
}

function Person({ p, testid }: { p: RolePerson; testid?: string }) {
  const { t } = useTranslation('identity');
  return (
    <span data-testid={testid}>
      {personLabel(p)}
      {p.status !== 'active' && (
        <Tag color="default" style={{ marginInlineStart: 8 }}>
          {t(`status.${p.status}`)}
        </Tag>
      )}
    </span>
  );
}

function Conflict({ text, onClose }: { text: string; onClose: () => void }) {
  return text ? (
    <Alert type="warning" showIcon closable message={text} onClose={onClose} data-testid="org-conflict" />
  ) : null;
}

/**
 * The roles of one department: its leader in charge (set by the security administrator) and its heads (the
 * people holding the department-head business role there, read-only).
 */
export function DepartmentRolesCard({ departmentId }: { departmentId: string }) {
  const { t } = useTranslation('identity');
  const manage = useAbility()('organisation.manage_roles');
  const roles = useOrganisationRoles();
  const [picked, setPicked] = useState<string | undefined>();
  const [conflict, setConflict] = useState('');
  const d = roles.data?.departments.find((x) => x.id === departmentId);
  const set = useRoleChange(
    ({ version, userId }: { version: number; userId: string | null }) =>
      api.organisation.setLeaderInCharge(departmentId, version, userId),
    setConflict,
  );
  return (
    <Card size="small" title={t('org.title')} loading={roles.isLoading} data-testid="dept-roles">
      {d && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Conflict text={conflict} onClose={() => setConflict('')} />
          <Descriptions column={1} size="small">
            <Descriptions.Item label={t('org.leaderInCharge')}>
              {d.leaderInCharge ? (
                <Person p={d.leaderInCharge} testid="dept-leader-current" />
              ) : (
                <Typography.Text type="secondary" data-testid="dept-leader-current">
                  {t('org.noLeader')}
                </Typography.Text>
              )}
            </Descriptions.Item>
            <Descriptions.Item label={t('org.heads')}>
              <span data-testid="dept-heads">
                {d.heads.length ? d.heads.map((h) => <Tag key={h.id}>{personLabel(h)}</Tag>) : t('org.noHeads')}
              </span>
            </Descriptions.Item>
          </Descriptions>
          {manage && (
            <Space wrap>
              <PersonPicker
                value={picked}
                onChange={setPicked}
                placeholder={t('org.pickPerson')}
                testid="dept-leader-picker"
                style={{ minWidth: 260 }}
              />
              <Button
                type="primary"
                disabled={!picked}
                loading={set.isPending}
                onClick={() =>
                  set.mutate({ version: d.version, userId: picked ?? null }, { onSuccess: () => setPicked(undefined) })
                }
                data-testid="dept-leader-save"
              >
                {t('org.save')}
              </Button>
              {d.leaderInCharge && (
                <Button
                  onClick={() => set.mutate({ version: d.version, userId: null })}
                  loading={set.isPending}
                  data-testid="dept-leader-clear"
                >
                  {t('org.clear')}
                </Button>
              )}
            </Space>
          )}
          <Typography.Text type="secondary">
            {t('org.leaderInheritedHint')} {t('org.headsHint')}
          </Typography.Text>
        </Space>
      )}
    </Card>
  );
}

interface RoleValues {
  code?: string;
  nameZh: string;
  nameEn: string;
}

/** Creates a functional role (`role` undefined) or renames one. */
function FunctionalRoleModal({
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
function AddMember({ role, onConflict }: { role: FunctionalRole; onConflict: (text: string) => void }) {
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

/**
 * The organisation's roles beyond departments: the general manager and the functional roles with their members.
 * The security administrator changes them; everyone else reads them.
 */
export function OrganisationRolesCard() {
  const { t, i18n } = useTranslation('identity');
  const manage = useAbility()('organisation.manage_roles');
  const roles = useOrganisationRoles();
  const [conflict, setConflict] = useState('');
  const [gm, setGm] = useState<string | undefined>();
  const [editing, setEditing] = useState<FunctionalRole | null | undefined>(undefined);
  const setGeneralManager = useRoleChange(
    ({ version, userId }: { version: number; userId: string | null }) =>
      api.organisation.setGeneralManager(version, userId),
    setConflict,
  );
  const remove = useRoleChange(
    ({ role, userId }: { role: FunctionalRole; userId: string }) =>
      api.organisation.removeMember(role.code, role.version, userId),
    setConflict,
  );
  const deleteRole = useRoleChange(
    (role: FunctionalRole) => api.organisation.deleteRole(role.code, role.version),
    setConflict,
    t('org.deleted'),
  );
  const data = roles.data;
  const nameOf = (r: FunctionalRole) => (i18n.language === 'en-US' ? r.nameEn : r.nameZh);

  return (
    <Card
      size="small"
      title={t('org.title')}
      loading={roles.isLoading}
      data-testid="org-roles"
      extra={
        manage && (
          <Button icon={<PlusOutlined />} onClick={() => setEditing(null)} data-testid="org-role-create">
            {t('org.createRole')}
          </Button>
        )
      }
    >
      {data && (
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <Typography.Text type="secondary">{t('org.hint')}</Typography.Text>
          {!manage && <Alert type="info" showIcon message={t('org.readOnly')} />}
          <Conflict text={conflict} onClose={() => setConflict('')} />
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t('org.generalManager')}>
              <Space direction="vertical" style={{ width: '100%' }}>
                {data.generalManager ? (
                  <Person p={data.generalManager} testid="org-gm-current" />
                ) : (
                  <Typography.Text type="secondary" data-testid="org-gm-current">
                    {t('org.noGeneralManager')}
                  </Typography.Text>
                )}
                {manage && (
                  <Space wrap>
                    <PersonPicker
                      value={gm}
                      onChange={setGm}
                      placeholder={t('org.pickPerson')}
                      testid="org-gm-picker"
                      style={{ minWidth: 260 }}
                    />
                    <Button
                      type="primary"
                      disabled={!gm}
                      loading={setGeneralManager.isPending}
                      onClick={() =>
                        setGeneralManager.mutate(
                          { version: data.generalManagerVersion, userId: gm ?? null },
                          { onSuccess: () => setGm(undefined) },
                        )
                      }
                      data-testid="org-gm-save"
                    >
                      {t('org.setGeneralManager')}
                    </Button>
                    {data.generalManager && (
                      <Button
                        loading={setGeneralManager.isPending}
                        onClick={() => setGeneralManager.mutate({ version: data.generalManagerVersion, userId: null })}
                        data-testid="org-gm-clear"
                      >
                        {t('org.clear')}
                      </Button>
                    )}
                  </Space>
                )}
              </Space>
            </Descriptions.Item>
          </Descriptions>
          <Typography.Title level={5} style={{ margin: 0 }}>
            {t('org.functionalRoles')}
          </Typography.Title>
          <PagedTable<FunctionalRole>
            listKey="org-functional-roles"
            rowKey="code"
            size="small"
            rows={data.functionalRoles}
            onRow={(r) => ({ 'data-testid': `org-role-${r.code}` }) as React.HTMLAttributes<HTMLElement>}
            columns={[
              {
                title: t('org.functionalRoles'),
                key: 'name',
                render: (_, r) => (
                  <Space direction="vertical" size={0}>
                    <span>
                      {nameOf(r)} {r.builtIn && <Tag>{t('org.builtIn')}</Tag>}
                    </span>
                    <Typography.Text type="secondary" code>
                      {r.code}
                    </Typography.Text>
                  </Space>
                ),
              },
              {
                title: t('org.members'),
                key: 'members',
                render: (_, r) => (
                  <Space direction="vertical" style={{ width: '100%' }}>
                    <span data-testid={`org-role-${r.code}-members`}>
                      {r.members.length === 0 && (
                        <Typography.Text type="secondary">{t('org.noMembers')}</Typography.Text>
                      )}
                      {r.members.map((m) => (
                        <Tag
                          key={m.id}
                          color={m.status === 'active' ? 'blue' : 'default'}
                          closable={manage}
                          onClose={(e) => {
                            e.preventDefault();
                            Modal.confirm({
                              title: t('org.removeMemberConfirm', { name: m.displayName, role: nameOf(r) }),
                              onOk: () => remove.mutateAsync({ role: r, userId: m.id }),
                            });
                          }}
                        >
                          {personLabel(m)}
                        </Tag>
                      ))}
                    </span>
                    {manage && <AddMember role={r} onConflict={setConflict} />}
                  </Space>
                ),
              },
              ...(manage
                ? [
                    {
                      title: t('common.actions'),
                      key: 'actions',
                      width: 160,
                      render: (_: unknown, r: FunctionalRole) => (
                        <Space>
                          <Button size="small" onClick={() => setEditing(r)} data-testid={`org-role-${r.code}-rename`}>
                            {t('org.rename')}
                          </Button>
                          {!r.builtIn && (
                            <Popconfirm
                              title={t('org.deleteRoleConfirm', { name: nameOf(r) })}
                              onConfirm={() => deleteRole.mutate(r)}
                            >
                              <Button size="small" danger data-testid={`org-role-${r.code}-delete`}>
                                {t('org.deleteRole')}
                              </Button>
                            </Popconfirm>
                          )}
                        </Space>
                      ),
                    },
                  ]
                : []),
            ]}
          />
        </Space>
      )}
      <FunctionalRoleModal
        open={editing !== undefined}
        role={editing ?? null}
        onClose={() => setEditing(undefined)}
        onConflict={setConflict}
      />
    </Card>
  );
}
