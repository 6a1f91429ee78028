import { useEffect, useMemo, useState } from 'react';
import {
  Alert,
  Button,
  Card,
  Col,
  Empty,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Row,
  Space,
  Tree,
  TreeSelect,
  Typography,
} from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import { api } from '../api.js';
import { isApiError } from '../../../app/api/client.js';
import { useAbility } from '../../../app/auth.js';
import type { Department } from '../../../app/contracts.js';
import { showSuccess } from '../../../app/feedback.js';
import { buildTree } from '../../../shared/deptTree.js';
import { DeptCreateModal } from '../components/DeptCreateModal.js';
import { DepartmentRolesCard } from '../components/DepartmentRolesCard.js';
import { OrganisationRolesCard } from '../components/OrganisationRoles.js';

interface EditValues {
  name: string;
  code?: string | null;
  sortOrder?: number;
  parentId?: string | null;
}
const CONFLICT_CODES = ['stale_version', 'conflict'];

export function DepartmentsPage() {
  const { t } = useTranslation('identity');
  const qc = useQueryClient();
  const manage = useAbility()('department.manage');
  const list = useQuery({ queryKey: ['departments'], queryFn: api.departments.list });
  const items = useMemo(() => list.data?.items ?? [], [list.data]);
  const tree = useMemo(() => buildTree(items), [items]);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [conflict, setConflict] = useState<string | null>(null);
  const selected = items.find((d) => d.id === selectedId) ?? null;
  const moveTargets = useMemo(() => buildTree(items, selectedId ?? undefined), [items, selectedId]);
  const [form] = Form.useForm<EditValues>();

  useEffect(() => {
    if (selected)
      form.setFieldsValue({
        name: selected.name,
        code: selected.code,
        sortOrder: selected.sortOrder,
        parentId: selected.parentId,
      });
  }, [selected?.id, selected?.version]); // eslint-disable-line react-hooks/exhaustive-deps

  const onConflict = async (e: unknown) => {
    if (isApiError(e) && CONFLICT_CODES.includes(e.code)) {
      setConflict(e.code === 'stale_version' ? t('dept.conflict') : `${t('error.conflict')}: ${e.message}`);
      await qc.invalidateQueries({ queryKey: ['departments'] });
    }
  };
  const update = useMutation({
    mutationFn: ({ d, v }: { d: Department; v: EditValues }) => {
      const body: Parameters<typeof api.departments.update>[1] = { version: d.version };
      if (v.name.trim() !== d.name) body.name = v.name.trim();
      const code = v.code?.trim() || null;
      if (code !== d.code) body.code = code;
      if (v.sortOrder !== undefined && v.sortOrder !== null && v.sortOrder !== d.sortOrder)
        body.sortOrder = v.sortOrder;
      const parentId = v.parentId ?? null;
      if (parentId !== d.parentId) body.parentId = parentId;
      return api.departments.update(d.id, body);
    },
    onSuccess: async () => {
      setConflict(null);
      showSuccess(t('dept.updated'));
      await qc.invalidateQueries({ queryKey: ['departments'] });
    },
    onError: onConflict,
    meta: { quiet: ['stale_version'] },
  });
  const remove = useMutation({
    mutationFn: (d: Department) => api.departments.remove(d.id, d.version),
    onSuccess: async () => {
      setConflict(null);
      setSelectedId(null);
      showSuccess(t('dept.deleted'));
      await qc.invalidateQueries({ queryKey: ['departments'] });
    },
    onError: onConflict,
    meta: { quiet: ['stale_version'] },
  });

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('dept.title')}
        </Typography.Title>
        {manage && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="dept-create">
            {t('dept.create')}
          </Button>
        )}
      </Space>
      {!manage && <Alert type="info" showIcon message={t('dept.readOnly')} />}
      {conflict && (
        <Alert
          type="warning"
          showIcon
          closable
          message={conflict}
          onClose={() => setConflict(null)}
          data-testid="dept-conflict"
        />
      )}
      <Row gutter={16}>
        <Col xs={24} md={10}>
          <Card size="small" loading={list.isLoading} data-testid="dept-tree">
            {tree.length === 0 ? (
              <Empty description={t('dept.empty')} />
            ) : (
              <Tree
                treeData={tree}
                defaultExpandAll
                blockNode
                selectedKeys={selectedId ? [selectedId] : []}
                onSelect={(keys) => {
                  setConflict(null);
                  setSelectedId((keys[0] as string | undefined) ?? null);
                }}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} md={14}>
          <Card size="small" title={t('dept.details')}>
            {!selected ? (
              <Empty description={t('dept.selectHint')} />
            ) : (
              <Form
                form={form}
                layout="vertical"
                disabled={!manage}
                onFinish={(v) => update.mutate({ d: selected, v })}
              >
                <Form.Item name="name" label={t('dept.name')} rules={[{ required: true, whitespace: true, max: 100 }]}>
                  <Input data-testid="dept-edit-name" />
                </Form.Item>
                <Form.Item
                  name="code"
                  label={t('dept.code')}
                  rules={[{ pattern: /^[A-Za-z0-9_-]{1,32}$/, message: t('dept.codeHint') }]}
                >
                  <Input />
                </Form.Item>
                <Form.Item name="sortOrder" label={t('dept.sortOrder')}>
                  <InputNumber min={0} max={100000} precision={0} style={{ width: '100%' }} />
                </Form.Item>
                <Form.Item name="parentId" label={t('dept.moveTo')}>
                  <TreeSelect
                    treeData={moveTargets}
                    allowClear
                    placeholder={t('dept.root')}
                    treeDefaultExpandAll
                    data-testid="dept-move"
                  />
                </Form.Item>
                <Typography.Paragraph type="secondary">
                  {t('common.version')}: {selected.version} · {t('dept.updatedAt')}:{' '}
                  {dayjs(selected.updatedAt).format('YYYY-MM-DD HH:mm')}
                </Typography.Paragraph>
                {manage && (
                  <Space>
                    <Button type="primary" htmlType="submit" loading={update.isPending} data-testid="dept-save">
                      {t('common.save')}
                    </Button>
                    <Popconfirm
                      title={t('dept.deleteConfirm', { name: selected.name })}
                      onConfirm={() => remove.mutate(selected)}
                    >
                      <Button danger loading={remove.isPending} data-testid="dept-delete">
                        {t('dept.delete')}
                      </Button>
                    </Popconfirm>
                  </Space>
                )}
              </Form>
            )}
          </Card>
          {selected && (
            <div style={{ marginTop: 16 }}>
              <DepartmentRolesCard departmentId={selected.id} />
            </div>
          )}
        </Col>
      </Row>
      <OrganisationRolesCard />
      <DeptCreateModal
        open={creating}
        tree={tree}
        parentId={selectedId}
        onClose={() => setCreating(false)}
        onCreated={(d) => {
          setCreating(false);
          if (d?.id) setSelectedId(d.id);
        }}
      />
    </Space>
  );
}
