import { useEffect, useRef, useState } from 'react';
import {
  Alert,
  Button,
  Card,
  Col,
  Descriptions,
  List,
  Progress,
  Result,
  Row,
  Space,
  Spin,
  Tag,
  Typography,
} from 'antd';
import { ArrowLeftOutlined, CheckCircleTwoTone, DownloadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { AudienceRule } from '../../../../../src/kernel/training.js';
import { useAbility } from '../../../app/auth.js';
import { showSuccess } from '../../../app/feedback.js';
import { fmtDate } from '../../../app/format.js';
import { NotFoundPage } from '../../../app/NotFoundPage.js';
import { courseApi, courseKey, learningKey, type Learning, type Material } from '../api/courses.js';
import { MY_RECORD_KEY, recordApi } from '../api/records.js';
import { AudienceText } from '../components/AudienceText.js';
import { MaterialIcon } from '../components/MaterialList.js';
import { CourseStatusTag } from './CoursesPage.js';

/** Seconds between two heartbeats while the material is in front of the person. */
const BEAT_SECONDS = 30;

const minutesOf = (seconds: number) => Math.floor(seconds / 60);

/** The server's sanitised rendering (markdown-it, raw HTML escaped): the one place a course text becomes markup. */
function CourseHtml({ html, testId }: { html: string; testId: string }) {
  return (
    <div
      className="training-text"
      style={{ lineHeight: 1.8 }}
      data-testid={testId}
      dangerouslySetInnerHTML={{ __html: html }}
    />
  );
}

function useLang(): 'zh-CN' | 'en-US' {
  const { i18n } = useTranslation();
  return i18n.language === 'en-US' ? 'en-US' : 'zh-CN';
}

/** A certificate of completion's link (the browser downloads the PDF). */
export function CertificateLink({ completionId }: { completionId: string }) {
  const { t } = useTranslation('training');
  const lang = useLang();
  return (
    <Button
      size="small"
      icon={<DownloadOutlined />}
      href={courseApi.certificateUrl(completionId, lang)}
      download
      data-testid="certificate-link"
    >
      {t('course.learn.certificate')}
    </Button>
  );
}

/**
 * One course as the person takes it: what it is about and who it is for; an online course's materials worked through
 * one by one (the page counts the time it is in front of them, a material is finished once its least time is spent;
 * the last one completes the course), a progress bar, the time spent, the certificates of completion. An offline
 * course is taken in its sessions.
 */
export function CoursePage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('training');
  const can = useAbility();
  const qc = useQueryClient();
  const course = useQuery({ queryKey: courseKey(id), queryFn: () => courseApi.get(id) });
  const c = course.data;
  const online = c?.mode !== 'offline' && c?.status === 'published';
  const learning = useQuery({
    queryKey: learningKey(id),
    queryFn: () => courseApi.learning.get(id),
    enabled: online,
  });
  // Where I stand with this course: a refresher completed last year is due again though its last round is complete.
  const mine = useQuery({ queryKey: MY_RECORD_KEY, queryFn: recordApi.mine, enabled: online });
  const due = mine.data?.dues.find((d) => d.courseId === id);
  const dueAgain = due && (due.state === 'due' || due.state === 'overdue' || due.state === 'expiring');
  const [current, setCurrent] = useState<string | null>(null);
  const [justCompleted, setJustCompleted] = useState<Learning['completedNow']>(null);
  const l = learning.data;
  const settle = (next: Learning) => qc.setQueryData(learningKey(id), next);

  const open = useMutation({
    mutationFn: (materialId: string) => courseApi.learning.open(id, materialId),
    onSuccess: (next, materialId) => {
      settle(next);
      setCurrent(materialId);
    },
  });
  const finish = useMutation({
    mutationFn: (materialId: string) => courseApi.learning.finish(id, materialId),
    onSuccess: (next) => {
      settle(next);
      if (next.completedNow) {
        setJustCompleted(next.completedNow);
        setCurrent(null);
      } else showSuccess(t('course.learn.finished'));
    },
  });

  // Heartbeats while the opened material is on screen (a hidden tab counts nothing).
  const beatRef = useRef<string | null>(null);
  beatRef.current = current;
  useEffect(() => {
    if (!current) return;
    const timer = window.setInterval(() => {
      const materialId = beatRef.current;
      if (!materialId || document.visibilityState !== 'visible') return;
      courseApi.learning
        .heartbeat(id, materialId, BEAT_SECONDS)
        .then(settle)
        .catch(() => undefined);
    }, BEAT_SECONDS * 1000);
    return () => window.clearInterval(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [current, id]);

  if (!can('training.view_courses')) return <NotFoundPage forbidden />;
  if (course.isLoading) return <Spin />;
  if (!c) return <NotFoundPage />;

  const progressOf = (m: Material) => l?.materials.find((p) => p.materialId === m.id);
  const opened = current ? c.materials.find((m) => m.id === current) : undefined;
  const openedProgress = opened ? progressOf(opened) : undefined;
  const remaining = opened ? Math.max(0, opened.minMinutes * 60 - (openedProgress?.secondsSpent ?? 0)) : 0;
  const percent = l && l.totalCount > 0 ? Math.round((l.finishedCount * 100) / l.totalCount) : 0;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap>
        <Link to="/training/courses">
          <ArrowLeftOutlined /> {t('course.editor.back')}
        </Link>
        <Typography.Title level={4} style={{ margin: 0 }} data-testid="course-title">
          {c.title}
        </Typography.Title>
        {c.status !== 'published' && <CourseStatusTag status={c.status} />}
        {can('training.manage_courses') && c.status !== 'retired' && (
          <Link to={`/training/courses/${c.id}/edit`} data-testid="course-edit">
            {t('course.list.edit')}
          </Link>
        )}
      </Space>
      <Card size="small">
        <Descriptions size="small" column={{ xs: 1, md: 2 }}>
          <Descriptions.Item label={t('course.field.kind')}>{t(`courseKind.${c.kind}`)}</Descriptions.Item>
          <Descriptions.Item label={t('course.field.mode')}>{t(`mode.${c.mode}`)}</Descriptions.Item>
          <Descriptions.Item label={t('course.field.topics')}>
            <Space size={[0, 4]} wrap>
              {c.topics.map((x) => (
                <Tag key={x}>{t(`topic.${x}`)}</Tag>
              ))}
            </Space>
          </Descriptions.Item>
          <Descriptions.Item label={t('course.field.duration')}>
            {t('course.minutes', { n: c.durationMinutes })}
          </Descriptions.Item>
          <Descriptions.Item label={t('course.field.audience')}>
            <AudienceText rules={c.audience as AudienceRule[]} />
          </Descriptions.Item>
          {c.validityMonths !== null && (
            <Descriptions.Item label={t('course.field.validityMonths')}>
              {t('course.months', { n: c.validityMonths })}
            </Descriptions.Item>
          )}
        </Descriptions>
        {c.descriptionHtml && <CourseHtml html={c.descriptionHtml} testId="course-description" />}
      </Card>

      {c.mode !== 'online' && (
        <Alert
          type="info"
          showIcon
          title={t('course.learn.offline')}
          action={<Link to="/training/sessions">{t('course.learn.sessions')}</Link>}
          data-testid="course-offline"
        />
      )}

      {justCompleted && (
        <Result
          status="success"
          title={t('course.learn.completed')}
          subTitle={t('course.learn.certificateNo', { no: justCompleted.certificateNo })}
          extra={<CertificateLink completionId={justCompleted.id} />}
          data-testid="course-completed"
        />
      )}

      {online && l && (
        <Row gutter={16}>
          <Col xs={24} md={9}>
            <Card size="small" title={t('course.learn.progress')}>
              <div data-testid="course-progress" data-percent={percent}>
                <Progress percent={percent} />
              </div>
              <Typography.Paragraph type="secondary" data-testid="course-time">
                {t('course.learn.finishedOf', { done: l.finishedCount, total: l.totalCount })} ·{' '}
                {t('course.learn.timeSpent', { n: minutesOf(l.secondsSpent) })}
              </Typography.Paragraph>
              {l.roundCompleted &&
                (dueAgain ? (
                  <Alert
                    type={due.state === 'overdue' ? 'error' : 'warning'}
                    showIcon
                    title={
                      due.state === 'expiring'
                        ? t('course.learn.expiringSoon', { date: fmtDate(due.expiresOn) })
                        : t('course.learn.dueAgain', { date: fmtDate(due.dueOn) })
                    }
                    style={{ marginBottom: 8 }}
                    data-testid="course-due-again"
                  />
                ) : (
                  <Alert type="success" showIcon title={t('course.learn.roundCompleted')} style={{ marginBottom: 8 }} />
                ))}
              <List
                size="small"
                dataSource={c.materials}
                data-testid="learn-materials"
                renderItem={(m, i) => {
                  const p = progressOf(m);
                  return (
                    <List.Item
                      data-testid={`learn-material-${i}`}
                      style={{ cursor: 'pointer', background: m.id === current ? '#e6f4ff' : undefined }}
                      onClick={() => open.mutate(m.id)}
                    >
                      <Space>
                        {p?.finishedAt ? <CheckCircleTwoTone twoToneColor="#52c41a" /> : <MaterialIcon kind={m.kind} />}
                        <span>
                          {i + 1}. {m.title}
                        </span>
                        {m.minMinutes > 0 && (
                          <Typography.Text type="secondary">
                            {t('course.learn.spentOf', { n: minutesOf(p?.secondsSpent ?? 0), of: m.minMinutes })}
                          </Typography.Text>
                        )}
                      </Space>
                    </List.Item>
                  );
                }}
              />
            </Card>
            {l.completions.length > 0 && (
              <Card size="small" title={t('course.learn.completions')} style={{ marginTop: 16 }}>
                <List
                  size="small"
                  dataSource={l.completions}
                  data-testid="course-completions"
                  renderItem={(x) => (
                    <List.Item actions={[<CertificateLink key="pdf" completionId={x.id} />]}>
                      {fmtDate(x.completedOn)} · {x.certificateNo}
                    </List.Item>
                  )}
                />
              </Card>
            )}
          </Col>
          <Col xs={24} md={15}>
            <Card
              size="small"
              title={opened ? opened.title : t('course.learn.choose')}
              data-testid="learn-current"
              extra={
                opened &&
                (openedProgress?.finishedAt ? (
                  <Tag color="green">{t('course.learn.done')}</Tag>
                ) : (
                  <Button
                    type="primary"
                    disabled={remaining > 0}
                    loading={finish.isPending}
                    onClick={() => finish.mutate(opened.id)}
                    data-testid="learn-finish"
                  >
                    {remaining > 0
                      ? t('course.learn.remaining', { n: Math.ceil(remaining / 60) })
                      : t('course.learn.finish')}
                  </Button>
                ))
              }
            >
              {!opened && <Typography.Text type="secondary">{t('course.learn.chooseHint')}</Typography.Text>}
              {opened?.kind === 'text' && opened.html && <CourseHtml html={opened.html} testId="learn-text" />}
              {opened?.kind === 'link' && (
                <Typography.Paragraph>
                  {t('course.learn.linkHint')}{' '}
                  <a href={opened.url ?? undefined} target="_blank" rel="noreferrer noopener" data-testid="learn-link">
                    {opened.url}
                  </a>
                </Typography.Paragraph>
              )}
              {opened?.kind === 'file' &&
                (opened.mediaType === 'application/pdf' ? (
                  <iframe
                    title={opened.title}
                    src={courseApi.materials.fileUrl(c.id, opened.id)}
                    style={{ width: '100%', height: 600, border: 0 }}
                    data-testid="learn-file"
                  />
                ) : opened.mediaType?.startsWith('image/') ? (
                  <img
                    alt={opened.title}
                    src={courseApi.materials.fileUrl(c.id, opened.id)}
                    style={{ maxWidth: '100%' }}
                    data-testid="learn-file"
                  />
                ) : opened.mediaType === 'video/mp4' ? (
                  <video
                    controls
                    src={courseApi.materials.fileUrl(c.id, opened.id)}
                    style={{ width: '100%' }}
                    data-testid="learn-file"
                  />
                ) : (
                  <Button
                    icon={<DownloadOutlined />}
                    href={courseApi.materials.fileUrl(c.id, opened.id)}
                    data-testid="learn-file"
                  >
                    {opened.fileName}
                  </Button>
                ))}
            </Card>
          </Col>
        </Row>
      )}
    </Space>
  );
}
