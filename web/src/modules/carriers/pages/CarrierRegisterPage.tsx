import { useEffect, useState } from 'react';
import { Alert, Button, Card, Col, Form, Input, InputNumber, Radio, Row, Select, Space, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, type RegisterBody } from '../api.js';
import { isApiError } from '../../../app/api/client.js';
import { useCurrentUser } from '../../../app/auth.js';
import { errorText, problemOf, showSuccess } from '../../../app/feedback.js';
import { NotFoundPage } from '../../../app/NotFoundPage.js';
import type { Level } from '../../../app/contracts.js';
import {
  CARRIER_KINDS,
  type CarrierKind,
  type CarrierOrigin,
  type Channel,
} from '../../../../../src/kernel/carriers.js';
import { isClassified, rankOf } from '../../../../../src/kernel/levels.js';
import {
  CARRIERS_KEY,
  LOCATIONS_KEY,
  copiesNumbered,
  locationFits,
  locationLabel,
  useLocations,
  useMyDuties,
} from '../components/common.js';
import { OriginCard } from '../components/OriginCard.js';
import { ProblemAlert } from '../components/ProblemAlert.js';
import {
  ItemPicker,
  ScopeEditor,
  TERM_DEFAULTS,
  TermFields,
  UserPicker,
  termOf,
  toEntries,
  userLabel,
  useClassificationSettings,
  useClearanceRank,
  type ScopeItem,
  type TermValues,
} from '../components/shared.js';

interface Values extends TermValues {
  origin: CarrierOrigin;
  draft?: boolean;
  channel?: Channel;
  counterpart?: string;
  note?: string;
  title: string;
  kind: CarrierKind;
  departmentId?: string;
  classifyBy: 'item' | 'own';
  itemId?: string;
  level?: Level;
  copies: number;
  pages?: number | null;
  quantity?: number | null;
  originator: string;
  custodianId?: string;
  locationId?: string;
  scope: ScopeItem[];
}

/** Where a server validation error belongs in this form. */
const FIELD_OF: Record<string, keyof Values> = {
  period: 'periodValue',
  level: 'level',
  itemId: 'itemId',
  custodianId: 'custodianId',
  locationId: 'locationId',
  departmentId: 'departmentId',
  scope: 'scope',
};

/**
 * 登记载体: a designated handler produces (制作, maybe as a draft) or receives (收文, with how it came and from whom)
 * a carrier. Its marking comes from a linked secret item or its own level and term; it goes into a registered
 * location that may hold its level, in a custodian's charge. 绝密/机密 copies become numbered units.
 */
export function CarrierRegisterPage() {
  const { t, i18n } = useTranslation('carriers');
  const me = useCurrentUser();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const duties = useMyDuties();
  const locations = useLocations();
  const settings = useClassificationSettings();
  const clearance = useClearanceRank();
  const origin = Form.useWatch('origin', form);
  const classifyBy = Form.useWatch('classifyBy', form);
  const itemId = Form.useWatch('itemId', form);
  const ownLevel = Form.useWatch('level', form);
  const item = useQuery({
    queryKey: ['items', 'detail', itemId],
    queryFn: () => api.item(itemId!),
    enabled: classifyBy === 'item' && !!itemId,
    meta: { quiet: true },
  });
  const level: Level | undefined = classifyBy === 'item' ? item.data?.level : ownLevel;
  const duty = origin === 'received' ? 'dispatch' : 'produce';
  const departments = (duties.data?.duties ?? []).filter((d) => d.duty === duty);
  const [error, setError] = useState<unknown>(null);

  // One department where I may do this: choose it; a chosen one I may not is cleared.
  useEffect(() => {
    const current = form.getFieldValue('departmentId') as string | undefined;
    if (current && !departments.some((d) => d.departmentId === current)) form.setFieldValue('departmentId', undefined);
    if (!current && departments.length === 1) form.setFieldValue('departmentId', departments[0]!.departmentId);
  }, [duty, duties.data]); // eslint-disable-line react-hooks/exhaustive-deps

  const fitting = (locations.data?.items ?? []).filter((l) => locationFits(l, level));
  useEffect(() => {
    const current = form.getFieldValue('locationId') as string | undefined;
    if (current && level && !fitting.some((l) => l.id === current)) form.setFieldValue('locationId', undefined);
  }, [level, locations.data]); // eslint-disable-line react-hooks/exhaustive-deps

  const register = useMutation({
    mutationFn: (v: Values) => {
      const own = v.classifyBy === 'own';
      const term = own ? termOf(v) : { period: null, declassifyCondition: null };
      const body: RegisterBody = {
        origin: v.origin,
        ...(v.origin === 'produced' ? { draft: !!v.draft } : {}),
        title: v.title.trim(),
        kind: v.kind,
        itemId: own ? null : (v.itemId ?? null),
        level: own ? (v.level ?? null) : null,
        period: term.period,
        declassifyCondition: term.declassifyCondition,
        copies: v.copies,
        pages: v.pages ?? null,
        ...(v.quantity ? { quantity: v.quantity } : {}),
        originator: v.originator.trim(),
        departmentId: v.departmentId ?? '',
        custodianId: v.custodianId ?? '',
        locationId: v.locationId ?? '',
        scope: toEntries(v.scope ?? []),
        received:
          v.origin === 'received'
            ? { channel: v.channel!, counterpart: (v.counterpart ?? '').trim(), note: v.note?.trim() || null }
            : null,
      };
      return api.carriers.register(body);
    },
    meta: { quiet: ['validation_failed', 'forbidden', 'conflict'] },
    onMutate: () => setError(null),
    onSuccess: async (r) => {
      showSuccess(t('register.done', { count: r.items.length, number: r.items[0]?.number ?? '' }));
      await qc.invalidateQueries({ queryKey: CARRIERS_KEY });
      await qc.invalidateQueries({ queryKey: LOCATIONS_KEY });
      if (r.items[0]) navigate(`/carriers/${r.items[0].id}`);
    },
    onError: (e, v) => {
      // A problem with one field is shown at the field; any other above the form, with its way forward.
      const field = isApiError(e) ? (e.details as { field?: string } | undefined)?.field : undefined;
      const name = field === 'period' && v.termKind === 'condition' ? 'condition' : field ? FIELD_OF[field] : undefined;
      if (name && problemOf(e) !== 'needs_item_access') form.setFields([{ name, errors: [errorText(e)] }]);
      else setError(e);
    },
  });

  if (duties.isSuccess && !duties.data.duties.some((d) => d.duty === 'produce' || d.duty === 'dispatch'))
    return <NotFoundPage forbidden />;
  const levels = (settings.data?.levels ?? []).filter((l) => l.inUse && l.classified);
  const levelInfo = settings.data?.levels.find((l) => l.code === ownLevel);
  const meLabel = userLabel({
    displayName: me.user.displayName,
    username: me.user.username,
    departmentName: me.user.departmentName,
  });

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%', maxWidth: 1000 }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('register.title')}
      </Typography.Title>
      <ProblemAlert error={error} itemId={itemId} />
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{
          ...TERM_DEFAULTS,
          origin: 'produced',
          classifyBy: 'own',
          kind: 'paper_document',
          copies: 1,
          custodianId: me.user.id,
          scope: [],
        }}
        onFinish={(v) => register.mutate(v)}
        data-testid="carrier-form"
      >
        <OriginCard origin={origin ?? 'produced'} departments={departments} loading={duties.isLoading} />

        <Card size="small" title={t('register.what')} style={{ marginBottom: 16 }}>
          <Row gutter={16}>
            <Col xs={24} md={16}>
              <Form.Item
                name="title"
                label={t('carrier.title')}
                rules={[{ required: true, whitespace: true, max: 200 }]}
              >
                <Input maxLength={200} data-testid="carrier-title" />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="kind" label={t('carrier.kind')} rules={[{ required: true }]}>
                <Select
                  data-testid="carrier-kind"
                  options={CARRIER_KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={16}>
              <Form.Item
                name="originator"
                label={t('carrier.originator')}
                rules={[{ required: true, whitespace: true, max: 200 }]}
                extra={t('register.originatorHint')}
              >
                <Input maxLength={200} data-testid="carrier-originator" />
              </Form.Item>
            </Col>
            <Col xs={8} md={8}>
              <Form.Item name="pages" label={t('carrier.pages')}>
                <InputNumber
                  min={1}
                  max={100_000}
                  precision={0}
                  style={{ width: '100%' }}
                  data-testid="carrier-pages"
                />
              </Form.Item>
            </Col>
          </Row>
        </Card>

        <Card size="small" title={t('register.classification')} style={{ marginBottom: 16 }}>
          <Form.Item name="classifyBy">
            <Radio.Group
              data-testid="carrier-classify-by"
              options={[
                { value: 'own', label: t('register.byOwn') },
                { value: 'item', label: t('register.byItem') },
              ]}
            />
          </Form.Item>
          {classifyBy === 'item' ? (
            <Form.Item
              name="itemId"
              label={t('carrier.item')}
              rules={[{ required: true }]}
              extra={
                item.data && !isClassified(item.data.level) ? (
                  <Typography.Text type="warning" data-testid="carrier-item-open">
                    {t('register.itemNotClassified', { level: t(`level.${item.data.level}`) })}
                  </Typography.Text>
                ) : item.data ? (
                  t('register.itemLevel', {
                    marking: i18n.language === 'en-US' ? item.data.marking.en : item.data.marking.zh,
                  })
                ) : (
                  t('register.itemHint')
                )
              }
            >
              <ItemPicker testid="carrier-item" placeholder={t('register.itemPlaceholder')} />
            </Form.Item>
          ) : (
            <Row gutter={16}>
              <Col xs={24} md={8}>
                <Form.Item name="level" label={t('carrier.level')} rules={[{ required: true }]}>
                  <Select
                    data-testid="carrier-level"
                    options={levels.map((l) => ({
                      value: l.code,
                      disabled: rankOf(l.code) > clearance,
                      label:
                        rankOf(l.code) > clearance
                          ? t('register.levelAboveClearance', { level: t(`level.${l.code}`) })
                          : t(`level.${l.code}`),
                    }))}
                  />
                </Form.Item>
              </Col>
              <Col xs={24} md={16}>
                <TermFields maxYears={levelInfo?.maxYears ?? null} prefix="carrier" />
              </Col>
            </Row>
          )}
          <Row gutter={16}>
            <Col xs={12} md={8}>
              <Form.Item
                name="copies"
                label={t('carrier.copies')}
                rules={[{ required: true }]}
                extra={
                  !level
                    ? t('register.copiesHint')
                    : copiesNumbered(level)
                      ? t('register.copiesNumbered')
                      : t('register.copiesTogether')
                }
              >
                <InputNumber min={1} max={200} precision={0} style={{ width: '100%' }} data-testid="carrier-copies" />
              </Form.Item>
            </Col>
            <Col xs={12} md={8}>
              <Form.Item name="quantity" label={t('carrier.quantity')} extra={t('register.quantityHint')}>
                <InputNumber
                  min={1}
                  max={100_000}
                  precision={0}
                  style={{ width: '100%' }}
                  data-testid="carrier-quantity"
                />
              </Form.Item>
            </Col>
          </Row>
        </Card>

        <Card size="small" title={t('register.keeping')} style={{ marginBottom: 16 }}>
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item
                name="custodianId"
                label={t('carrier.custodian')}
                rules={[{ required: true }]}
                extra={t('register.custodianHint')}
              >
                <UserPicker
                  testid="carrier-custodian"
                  known={[{ id: me.user.id, label: meLabel }]}
                  eligible={level ? { for: 'custodian', level } : undefined}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item
                name="locationId"
                label={t('carrier.location')}
                rules={[{ required: true }]}
                extra={fitting.length === 0 && level ? t('register.noLocation') : t('register.locationHint')}
              >
                <Select
                  data-testid="carrier-location"
                  loading={locations.isLoading}
                  showSearch={{ optionFilterProp: 'label' }}
                  options={fitting.map((l) => ({
                    value: l.id,
                    label: l.maxLevel
                      ? `${locationLabel(l)} · ${t('location.upTo', { level: t(`level.${l.maxLevel}`) })}`
                      : locationLabel(l),
                  }))}
                />
              </Form.Item>
            </Col>
          </Row>
        </Card>

        <Card size="small" title={t('carrier.scope')} style={{ marginBottom: 16 }}>
          <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('register.scopeHint')} />
          <Form.Item name="scope" noStyle>
            <ScopeEditor />
          </Form.Item>
        </Card>

        <Space>
          <Button type="primary" htmlType="submit" loading={register.isPending} data-testid="carrier-submit">
            {t('register.submit')}
          </Button>
          <Button onClick={() => navigate('/carriers')}>{t('common.cancel')}</Button>
        </Space>
      </Form>
    </Space>
  );
}
