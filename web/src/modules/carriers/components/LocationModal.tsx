import { useEffect } from 'react';
import { Col, Form, Input, Modal, Row, Select, Switch, type ButtonProps } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api.js';
import type { Level } from '../../../app/contracts.js';
import { LOCATION_KINDS, type LocationKind } from '../../../../../src/kernel/carriers.js';
import { LEVELS, isClassified } from '../../../../../src/kernel/levels.js';
import { isApiError } from '../../../app/api/client.js';
import { errorText, showSuccess } from '../../../app/feedback.js';
import type { StorageLocation } from '../contracts.js';
import { DepartmentSelect, LOCATIONS_KEY } from './common.js';
import { PeopleField } from './PeopleField.js';

interface Values {
  code: string;
  name: string;
  kind: LocationKind;
  room: string;
  departmentId?: string | null;
  maxLevel?: Level | 'none';
  physicalProtection: string;
  electronicProtection: string;
  keyHolderIds: string[];
  active: boolean;
}

const FIELDS = ['code', 'name', 'room', 'departmentId', 'keyHolderIds', 'physicalProtection'] as const;

/**
 * Registers a storage location (a safe, secure cabinet, secure room or archive room; never a home or public place)
 * or changes one: its protection, key holders, the highest level it may hold, and whether it is in use.
 */
export function LocationModal({
  location,
  open,
  onClose,
}: {
  /** null: a new location. */
  location: StorageLocation | null;
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation('carriers');
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  useEffect(() => {
    if (open) form.resetFields();
  }, [open, form, location]);

  const save = useMutation({
    mutationFn: (v: Values) => {
      const body = {
        code: v.code.trim(),
        name: v.name.trim(),
        kind: v.kind,
        room: v.room.trim(),
        departmentId: v.departmentId ?? null,
        maxLevel: !v.maxLevel || v.maxLevel === 'none' ? null : v.maxLevel,
        physicalProtection: v.physicalProtection.trim(),
        electronicProtection: v.electronicProtection.trim(),
        keyHolderIds: v.keyHolderIds,
      };
      return location
        ? api.locations.update(location.id, { ...body, active: v.active, version: location.version })
        : api.locations.create(body);
    },
    meta: { quiet: ['validation_failed'] },
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: LOCATIONS_KEY });
      showSuccess(t('location.saved'));
      onClose();
    },
    // Bad input is shown at its field (a key holder who left...); other refusals as the app's message.
    onError: (e) => {
      if (!isApiError(e) || e.code !== 'validation_failed') return;
      const field = (e.details as { field?: string } | undefined)?.field;
      form.setFields([{ name: FIELDS.find((f) => f === field) ?? 'code', errors: [errorText(e)] }]);
    },
  });

  return (
    <Modal
      open={open}
      width={760}
      title={location ? t('location.editTitle', { code: location.code }) : t('location.create')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      okText={t('common.save')}
      okButtonProps={{ 'data-testid': 'location-submit' } as ButtonProps}
      forceRender
    >
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={(v) => save.mutate(v)}
        data-testid="location-form"
        initialValues={
          location
            ? {
                ...location,
                maxLevel: location.maxLevel ?? 'none',
                keyHolderIds: location.keyHolders.map((k) => k.id),
              }
            : { kind: 'safe', maxLevel: 'none', keyHolderIds: [], active: true }
        }
      >
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item
              name="code"
              label={t('location.code')}
              extra={t('location.codeHint')}
              rules={[{ required: true, whitespace: true, max: 40, pattern: /^[A-Za-z0-9_\-/.]+$/ }]}
            >
              <Input maxLength={40} data-testid="location-code" />
            </Form.Item>
          </Col>
          <Col xs={24} md={16}>
            <Form.Item name="name" label={t('location.name')} rules={[{ required: true, whitespace: true, max: 100 }]}>
              <Input maxLength={100} data-testid="location-name" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="kind" label={t('location.kind')} rules={[{ required: true }]}>
              <Select
                data-testid="location-kind"
                options={LOCATION_KINDS.map((k) => ({ value: k, label: t(`locationKind.${k}`) }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="room" label={t('location.room')} rules={[{ required: true, whitespace: true, max: 100 }]}>
              <Input maxLength={100} data-testid="location-room" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="maxLevel" label={t('location.maxLevel')} extra={t('location.maxLevelHint')}>
              <Select
                data-testid="location-max-level"
                options={[
                  { value: 'none', label: t('location.noCap') },
                  ...LEVELS.filter(isClassified).map((l) => ({ value: l, label: t(`level.${l}`) })),
                ]}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={location ? 12 : 24}>
            <Form.Item name="departmentId" label={t('location.department')}>
              <DepartmentSelect allowClear testid="location-department" />
            </Form.Item>
          </Col>
          {location && (
            <Col xs={24} md={12}>
              <Form.Item name="active" label={t('location.active')} valuePropName="checked">
                <Switch data-testid="location-active" />
              </Form.Item>
            </Col>
          )}
          <Col xs={24} md={12}>
            <Form.Item
              name="physicalProtection"
              label={t('location.physical')}
              rules={[{ required: true, whitespace: true, max: 500 }]}
            >
              <Input.TextArea rows={2} maxLength={500} data-testid="location-physical" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="electronicProtection"
              label={t('location.electronic')}
              rules={[{ required: true, whitespace: true, max: 500 }]}
            >
              <Input.TextArea rows={2} maxLength={500} data-testid="location-electronic" />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item
              name="keyHolderIds"
              label={t('location.keyHolders')}
              rules={[{ required: true, type: 'array', min: 1, message: t('location.keyHoldersRequired') }]}
            >
              <PeopleField
                testid="location-key-holders"
                known={(location?.keyHolders ?? []).map((k) => ({ id: k.id, label: k.displayName }))}
              />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
