import { useEffect, useMemo } from 'react';
import { Alert, Button, Card, Col, Form, Input, Radio, Row, Select, Space, TreeSelect, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api } from '../api.js';
import { isApiError } from '../../../app/api/client.js';
import { useAbility, useCurrentUser } from '../../../app/auth.js';
import { type ItemCategory, type Level, type Origin } from '../../../app/contracts.js';
import { rankOf } from '../../../../../src/kernel/levels.js';
import { ORIGINS } from '../../../../../src/kernel/secret-item.js';
import { errorText, showSuccess } from '../../../app/feedback.js';
import { buildTree } from '../../../shared/deptTree.js';
import { useClassificationSettings, useClearanceRank } from '../components/common.js';
import { ScopeEditor, toEntries, type ScopeItem } from '../components/ScopeEditor.js';
import { TERM_DEFAULTS, TermFields, termOf, type TermValues } from '../components/TermFields.js';
import { UserPicker, userLabel } from '../components/UserPicker.js';
import { ItemPicker } from '../components/ItemPicker.js';
import { NotFoundPage } from '../../../app/NotFoundPage.js';

interface Values extends TermValues {
  title: string;
  category: ItemCategory;
  level: Level;
  basis: string;
  origin: Origin;
  sourceItemId?: string;
  classifierId?: string;
  custodianId?: string;
  departmentId?: string;
  scope: ScopeItem[];
  content?: string;
  reason: string;
}

/** Where a server validation error belongs in this form. */
const FIELD_OF: Record<string, keyof Values> = {
  period: 'periodValue',
  scope: 'scope',
  level: 'level',
  classifierId: 'classifierId',
  custodianId: 'custodianId',
  sourceItemId: 'sourceItemId',
};

export function ItemProposePage() {
  const { t } = useTranslation('classification');
  const me = useCurrentUser();
  const can = useAbility();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const settings = useClassificationSettings();
  const clearance = useClearanceRank();
  const classifiers = useQuery({ queryKey: ['classifiers'], queryFn: api.classifiers.list });
  const depts = useQuery({ queryKey: ['departments'], queryFn: api.directory.departments });
  const tree = useMemo(() => buildTree(depts.data?.items ?? []), [depts.data]);

  const level = Form.useWatch('level', form);
  const origin = Form.useWatch('origin', form);
  const termKind = Form.useWatch('termKind', form);
  const levelInfo = settings.data?.levels.find((l) => l.code === level);
  const classified = levelInfo?.classified ?? true;
  const fitting = (classifiers.data?.items ?? []).filter(
    (c) => !c.revokedAt && level && rankOf(c.maxLevel) >= rankOf(level),
  );

  // One authority reaching the level: choose it; a chosen one that no longer fits is cleared.
  useEffect(() => {
    const current = form.getFieldValue('classifierId') as string | undefined;
    if (current && !fitting.some((c) => c.userId === current)) form.setFieldValue('classifierId', undefined);
    if (!current && fitting.length === 1) form.setFieldValue('classifierId', fitting[0]!.userId);
  }, [level, classifiers.data]); // eslint-disable-line react-hooks/exhaustive-deps

  const propose = useMutation({
    mutationFn: (v: Values) => {
      const term = classified ? termOf(v) : { period: null, declassifyCondition: null };
      return api.items.propose({
        title: v.title.trim(),
        content: v.content ?? '',
        category: v.category,
        level: v.level,
        basis: v.basis.trim(),
        ...term,
        classifierId: v.classifierId ?? null,
        origin: v.origin,
        sourceItemId: v.origin === 'derivative' ? (v.sourceItemId ?? null) : null,
        custodianId: v.custodianId,
        departmentId: v.departmentId ?? null,
        scope: toEntries(v.scope ?? []),
        reason: v.reason.trim(),
      });
    },
    onSuccess: async (r) => {
      showSuccess(t('item.submitted'));
      await qc.invalidateQueries({ queryKey: ['items'] });
      await qc.invalidateQueries({ queryKey: ['requests'] });
      navigate(`/items/${r.item.id}`);
    },
    onError: (e) => {
      const field = isApiError(e) ? (e.details as { field?: string } | undefined)?.field : undefined;
      const name = field === 'period' && termKind === 'condition' ? 'condition' : field ? FIELD_OF[field] : undefined;
      if (name) form.setFields([{ name, errors: [errorText(e)] }]);
    },
  });

  if (!can('item.propose')) return <NotFoundPage forbidden />;
  const levels = (settings.data?.levels ?? []).filter((l) => l.inUse);
  const meLabel = userLabel({
    displayName: me.user.displayName,
    username: me.user.username,
    departmentName: me.user.departmentName,
  });

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%', maxWidth: 960 }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('item.proposeTitle')}
      </Typography.Title>
      <Alert type="info" showIcon title={t('item.proposeHint')} />
      <Form<Values>
        form={form}
        layout="vertical"
        disabled={settings.isLoading}
        initialValues={{
          ...TERM_DEFAULTS,
          origin: 'original',
          custodianId: me.user.id,
          departmentId: me.user.departmentId ?? undefined,
          scope: [],
        }}
        onFinish={(v) => propose.mutate(v)}
        data-testid="item-form"
      >
        <Card size="small" style={{ marginBottom: 16 }}>
          <Row gutter={16}>
            <Col xs={24} md={16}>
              <Form.Item name="title" label={t('item.name')} rules={[{ required: true, whitespace: true, max: 200 }]}>
                <Input maxLength={200} data-testid="item-title" />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="category" label={t('item.category')} rules={[{ required: true }]}>
                <Select
                  data-testid="item-category"
                  options={(settings.data?.categories ?? []).map((c) => ({ value: c, label: t(`category.${c}`) }))}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="level" label={t('item.level')} rules={[{ required: true }]}>
                <Select
                  data-testid="item-level"
                  options={levels.map((l) => ({
                    value: l.code,
                    disabled: l.classified && rankOf(l.code) > clearance,
                    label:
                      l.classified && rankOf(l.code) > clearance
                        ? t('item.levelAboveClearance', { level: t(`level.${l.code}`) })
                        : t(`level.${l.code}`),
                  }))}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={16}>
              {classified ? (
                <TermFields maxYears={levelInfo?.maxYears ?? null} />
              ) : (
                <Form.Item label={t('item.period')}>
                  <Typography.Text type="secondary">{t('item.noTerm')}</Typography.Text>
                </Form.Item>
              )}
            </Col>
            <Col xs={24}>
              <Form.Item name="basis" label={t('item.basis')} rules={[{ required: true, whitespace: true, max: 1000 }]}>
                <Input.TextArea rows={2} maxLength={1000} data-testid="item-basis" />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="origin" label={t('item.origin')}>
                <Radio.Group
                  data-testid="item-origin"
                  options={ORIGINS.map((o) => ({ value: o, label: t(`origin.${o}`) }))}
                />
              </Form.Item>
            </Col>
            {origin === 'derivative' && (
              <Col xs={24} md={16}>
                <Form.Item name="sourceItemId" label={t('item.sourceItem')} rules={[{ required: true }]}>
                  <ItemPicker testid="item-source" />
                </Form.Item>
              </Col>
            )}
            <Col xs={24} md={origin === 'derivative' ? 24 : 16}>
              <Form.Item
                name="classifierId"
                label={t('item.classifier')}
                rules={[{ required: classified }]}
                extra={
                  level && classified && fitting.length === 0 ? (
                    <Typography.Text type="warning">{t('item.noClassifier')}</Typography.Text>
                  ) : (
                    t('item.classifierHint')
                  )
                }
              >
                <Select
                  allowClear
                  data-testid="item-classifier"
                  loading={classifiers.isLoading}
                  options={fitting.map((c) => ({
                    value: c.userId,
                    label: `${c.displayName} (${c.username}) · ${t(`classifierKind.${c.kind}`)} · ≤ ${t(`level.${c.maxLevel}`)}`,
                  }))}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item
                name="custodianId"
                label={t('item.custodian')}
                extra={t('item.custodianHint')}
                rules={[{ required: true }]}
              >
                <UserPicker
                  testid="item-custodian"
                  known={[{ id: me.user.id, label: meLabel }]}
                  eligible={level ? { for: 'custodian', level } : undefined}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="departmentId" label={t('item.department')}>
                <TreeSelect
                  treeData={tree}
                  treeDefaultExpandAll
                  showSearch
                  treeNodeFilterProp="title"
                  allowClear
                  data-testid="item-department"
                />
              </Form.Item>
            </Col>
          </Row>
        </Card>
        <Card size="small" title={t('item.scope')} style={{ marginBottom: 16 }}>
          <Form.Item
            name="scope"
            rules={[
              {
                validator: (_r, v: ScopeItem[] | undefined) =>
                  !classified || (v && v.length > 0)
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('item.scopeRequired'))),
              },
            ]}
          >
            <ScopeEditor />
          </Form.Item>
        </Card>
        <Card size="small" title={t('item.content')} style={{ marginBottom: 16 }}>
          <Form.Item name="content" extra={t('item.contentHint')} rules={[{ max: 20_000 }]}>
            <Input.TextArea rows={6} maxLength={20_000} data-testid="item-content" />
          </Form.Item>
          <Form.Item name="reason" label={t('item.reason')} rules={[{ required: true, whitespace: true, max: 1000 }]}>
            <Input.TextArea
              rows={2}
              maxLength={1000}
              placeholder={t('item.reasonPlaceholder')}
              data-testid="item-reason"
            />
          </Form.Item>
        </Card>
        <Space>
          <Button type="primary" htmlType="submit" loading={propose.isPending} data-testid="item-submit">
            {t('common.submit')}
          </Button>
          <Button onClick={() => navigate('/items')}>{t('common.cancel')}</Button>
        </Space>
      </Form>
    </Space>
  );
}
