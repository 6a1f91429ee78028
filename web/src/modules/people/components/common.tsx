import type { ReactNode } from 'react';
import { Alert, Button, Empty, Space, Table, Tag, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { errorText, problemOf } from '../../../app/feedback.js';
import { fmtDate, fmtDateTime } from '../../../app/format.js';
import type { ObligationState, ReportObligation, Signature } from '../contracts.js';
import { api } from '../api.js';

export const MINE_KEY = ['agreements', 'mine'] as const;
export const TEMPLATES_KEY = ['agreements', 'templates'] as const;
export const REPORT_KEY = ['agreements', 'report'] as const;

const STATE_COLOURS: Record<ObligationState, string> = {
  signed: 'green',
  due: 'blue',
  overdue: 'red',
  resign_due: 'orange',
  resign_overdue: 'red',
  expiring: 'gold',
};

/** An obligation's state as a coloured tag (`data-state` for tests). */
export function StateTag({ state }: { state: ObligationState }) {
  const { t } = useTranslation('people');
  return (
    <Tag color={STATE_COLOURS[state]} data-testid="agreement-state" data-state={state}>
      {t(`state.${state}`)}
    </Tag>
  );
}

/** The language of the page, for the server's PDFs and exports. */
export function useLang(): 'zh-CN' | 'en-US' {
  const { i18n } = useTranslation();
  return i18n.language === 'en-US' ? 'en-US' : 'zh-CN';
}

/**
 * An agreement's text as the server rendered it: sanitised HTML (markdown-it with raw HTML escaped, links only
 * http/https/mailto), shown as it is.
 */
export function AgreementText({ html, testid = 'agreement-text' }: { html: string; testid?: string }) {
  return (
    <div
      className="baomi-agreement-text"
      data-testid={testid}
      style={{
        border: '1px solid #f0f0f0',
        borderRadius: 6,
        padding: '12px 20px',
        maxHeight: 420,
        overflowY: 'auto',
        background: '#fff',
        lineHeight: 1.8,
      }}
      // The server's sanitised rendering (html: false): the one place a text of an agreement becomes markup.
      dangerouslySetInnerHTML={{ __html: html }}
    />
  );
}

/** A refusal in words (the module's `problem.<code>` text, else the error's), with the code for tests. */
export function ProblemAlert({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <Alert
      type="error"
      showIcon
      style={{ marginBottom: 16 }}
      title={errorText(error)}
      data-testid="agreement-problem"
      data-problem={problemOf(error) ?? ''}
    />
  );
}

/** A signed copy's link (the browser downloads the PDF). */
export function PdfLink({ signatureId }: { signatureId: string }) {
  const { t } = useTranslation('people');
  const lang = useLang();
  return (
    <Button
      size="small"
      icon={<DownloadOutlined />}
      href={api.signatures.pdfUrl(signatureId, lang)}
      download
      data-testid="agreement-pdf"
    >
      {t('mine.pdf')}
    </Button>
  );
}

/** The obligations of one person: the agreement, its state, the date to sign by, and what may be done. */
export function ObligationTable<O extends ReportObligation>({
  obligations,
  onRead,
  testid = 'agreement-obligations',
}: {
  obligations: O[];
  onRead?: (o: O) => void;
  testid?: string;
}) {
  const { t } = useTranslation('people');
  return (
    <Table<O>
      size="small"
      rowKey="templateId"
      pagination={false}
      dataSource={obligations}
      data-testid={testid}
      locale={{ emptyText: <Empty description={t('mine.empty')} /> }}
      onRow={(o) => ({ 'data-testid': `obligation-${o.kind}`, 'data-template': o.templateId }) as object}
      columns={[
        {
          title: t('mine.agreement'),
          key: 'name',
          render: (_, o) => (
            <Space orientation="vertical" size={0}>
              <Typography.Text strong>{o.title}</Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t(`kind.${o.kind}`)} · {t('common.version', { n: o.versionNo })}
              </Typography.Text>
            </Space>
          ),
        },
        { title: t('mine.state'), key: 'state', render: (_, o) => <StateTag state={o.state} /> },
        { title: t('mine.dueOn'), key: 'due', render: (_, o) => (o.state === 'signed' ? '' : fmtDate(o.dueOn)) },
        {
          title: t('mine.validUntil'),
          key: 'valid',
          render: (_, o) => (o.signatureId ? (o.expiresOn ? fmtDate(o.expiresOn) : t('common.forever')) : ''),
        },
        {
          key: 'actions',
          align: 'right',
          render: (_, o) => (
            <Space>
              {onRead && (
                <Button
                  size="small"
                  type={o.state === 'signed' ? 'default' : 'primary'}
                  onClick={() => onRead(o)}
                  data-testid="agreement-read"
                >
                  {o.state === 'signed' ? t('mine.readOnly') : t('mine.read')}
                </Button>
              )}
              {o.signatureId && <PdfLink signatureId={o.signatureId} />}
            </Space>
          ),
        },
      ]}
    />
  );
}

/** Signatures and withdrawals, newest first: never changed, a withdrawal is a record of its own. */
export function SignatureTable({
  signatures,
  extra,
}: {
  signatures: Signature[];
  extra?: (s: Signature) => ReactNode;
}) {
  const { t } = useTranslation('people');
  return (
    <Table<Signature>
      size="small"
      rowKey="id"
      pagination={false}
      dataSource={signatures}
      data-testid="agreement-signatures"
      locale={{ emptyText: <Empty description={t('mine.noHistory')} /> }}
      columns={[
        { title: t('signature.agreement'), key: 'name', render: (_, s) => s.templateTitle },
        { title: t('signature.version'), key: 'v', render: (_, s) => t('common.version', { n: s.versionNo }) },
        {
          title: t('signature.act'),
          key: 'act',
          render: (_, s) =>
            s.act === 'withdrawn' ? (
              <Tag color="red">{t('act.withdrawn')}</Tag>
            ) : (
              <Space size={4}>
                <Tag>{t(`method.${s.method}`)}</Tag>
                {s.withdrawn && <Tag color="red">{t('signature.withdrawn')}</Tag>}
              </Space>
            ),
        },
        { title: t('signature.signedOn'), key: 'on', render: (_, s) => fmtDate(s.signedOn) },
        { title: t('signature.recordedAt'), key: 'at', render: (_, s) => fmtDateTime(s.recordedAt) },
        { title: t('signature.recordedBy'), key: 'by', render: (_, s) => s.recordedByName ?? '' },
        { title: t('signature.reason'), key: 'reason', render: (_, s) => s.reason ?? '' },
        {
          key: 'actions',
          align: 'right',
          render: (_, s) => (
            <Space>
              {s.act === 'signed' && s.method === 'electronic' && <PdfLink signatureId={s.id} />}
              {s.hasScan && (
                <Button
                  size="small"
                  href={api.signatures.scanUrl(s.id)}
                  target="_blank"
                  rel="noopener noreferrer"
                  data-testid="agreement-scan"
                >
                  {t('signature.scan')}
                </Button>
              )}
              {extra?.(s)}
            </Space>
          ),
        },
      ]}
    />
  );
}
