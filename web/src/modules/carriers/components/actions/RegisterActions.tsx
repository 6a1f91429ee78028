import { Alert, Form, Input, InputNumber } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api.js';
import type { CarrierDetail } from '../../contracts.js';
import { ActionModal } from '../ActionModal.js';
import { ScopeEditor, toEntries, type ScopeItem } from '../shared.js';

export interface ActionProps {
  carrier: CarrierDetail;
  open: boolean;
  onClose: () => void;
  /** Opens the show-outside request (the way forward when someone is outside the scope). */
  onShowOutside?: () => void;
}

interface EditValues {
  title: string;
  pages?: number | null;
  originator: string;
  scope: ScopeItem[];
}

/** Corrects the title, pages, originator and the carrier's own scope (its custodian or the security office). */
export function EditModal({ carrier: c, open, onClose }: ActionProps) {
  const { t } = useTranslation('carriers');
  return (
    <ActionModal<EditValues>
      carrier={c}
      name="edit"
      open={open}
      onClose={onClose}
      width={720}
      title={t('action.editTitle', { number: c.number })}
      okText={t('common.save')}
      done={t('action.edited')}
      initialValues={{
        title: c.title ?? '',
        pages: c.pages,
        originator: c.originator ?? '',
        scope: c.scope.map((s) => ({ kind: s.kind, ref: s.ref, label: s.label })),
      }}
      submit={(v) =>
        api.carriers.update(c.id, {
          version: c.version,
          title: v.title.trim(),
          pages: v.pages ?? null,
          originator: v.originator.trim(),
          scope: toEntries(v.scope ?? []),
        })
      }
    >
      <Form.Item name="title" label={t('carrier.title')} rules={[{ required: true, whitespace: true, max: 200 }]}>
        <Input maxLength={200} data-testid="carrier-edit-title" />
      </Form.Item>
      <Form.Item name="originator" label={t('carrier.originator')} rules={[{ required: true, whitespace: true }]}>
        <Input maxLength={200} data-testid="carrier-edit-originator" />
      </Form.Item>
      <Form.Item name="pages" label={t('carrier.pages')}>
        <InputNumber min={1} max={100_000} precision={0} data-testid="carrier-edit-pages" />
      </Form.Item>
      <Form.Item name="scope" label={t('carrier.scope')}>
        <ScopeEditor />
      </Form.Item>
    </ActionModal>
  );
}

/** A draft (起草) is finalised (定稿) and goes into its location as an ordinary carrier. */
export function FinaliseModal({ carrier: c, open, onClose }: ActionProps) {
  const { t } = useTranslation('carriers');
  return (
    <ActionModal<object>
      carrier={c}
      name="finalise"
      open={open}
      onClose={onClose}
      title={t('action.finaliseTitle', { number: c.number })}
      okText={t('action.finalise')}
      done={t('action.finalised')}
      submit={() => api.carriers.finalise(c.id, c.version)}
    >
      <Alert type="info" showIcon title={t('action.finaliseHint')} />
    </ActionModal>
  );
}
