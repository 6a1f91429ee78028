import { useEffect, useRef, useState } from 'react';
import { Alert, Button, Card, Input, Space, Typography, type InputRef } from 'antd';
import { CameraOutlined, ScanOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';

/** The browser's barcode detector (Chromium, Safari): not in TypeScript's DOM types yet. */
interface BarcodeDetectorLike {
  detect(source: HTMLVideoElement): Promise<{ rawValue: string }[]>;
}
type BarcodeDetectorCtor = new (opts: { formats: string[] }) => BarcodeDetectorLike;
const detectorCtor = (): BarcodeDetectorCtor | undefined =>
  (window as unknown as { BarcodeDetector?: BarcodeDetectorCtor }).BarcodeDetector;

/**
 * The door's scan box: focused, so a keyboard-wedge scanner's input lands in it and its Enter submits; cleared and
 * focused again after each code. The camera (BarcodeDetector) when the browser has it.
 */
export function ScanBox({ onCode, busy }: { onCode: (code: string) => Promise<unknown>; busy: boolean }) {
  const { t } = useTranslation('training');
  const [value, setValue] = useState('');
  const [camera, setCamera] = useState(false);
  const input = useRef<InputRef>(null);
  const video = useRef<HTMLVideoElement>(null);
  const lastCode = useRef<{ code: string; at: number } | null>(null);

  useEffect(() => input.current?.focus(), []);

  const submit = async (raw: string) => {
    const code = raw.trim();
    if (!code) return;
    setValue('');
    try {
      await onCode(code);
    } finally {
      input.current?.focus();
    }
  };

  useEffect(() => {
    if (!camera) return;
    const Ctor = detectorCtor();
    if (!Ctor || !navigator.mediaDevices?.getUserMedia) return;
    let stream: MediaStream | null = null;
    let timer: number | undefined;
    let stopped = false;
    const detector = new Ctor({ formats: ['qr_code'] });
    void navigator.mediaDevices
      .getUserMedia({ video: { facingMode: 'environment' } })
      .then((s) => {
        if (stopped) return s.getTracks().forEach((tr) => tr.stop());
        stream = s;
        if (video.current) {
          video.current.srcObject = s;
          void video.current.play();
        }
        timer = window.setInterval(() => {
          if (!video.current || video.current.readyState < 2) return;
          void detector.detect(video.current).then((found) => {
            const code = found[0]?.rawValue;
            if (!code) return;
            // The same code held in front of the camera is read once (not again within 5 s).
            const now = Date.now();
            if (lastCode.current && lastCode.current.code === code && now - lastCode.current.at < 5000) return;
            lastCode.current = { code, at: now };
            void submit(code);
          });
        }, 400);
      })
      .catch(() => setCamera(false));
    return () => {
      stopped = true;
      if (timer) window.clearInterval(timer);
      stream?.getTracks().forEach((tr) => tr.stop());
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [camera]);

  const hasCamera = detectorCtor() !== undefined;
  return (
    <Card
      size="small"
      title={
        <Space>
          <ScanOutlined />
          {t('session.scan.title')}
        </Space>
      }
      extra={
        hasCamera ? (
          <Button size="small" icon={<CameraOutlined />} onClick={() => setCamera((c) => !c)} data-testid="scan-camera">
            {camera ? t('session.scan.cameraStop') : t('session.scan.camera')}
          </Button>
        ) : null
      }
    >
      <Typography.Paragraph type="secondary">{t('session.scan.hint')}</Typography.Paragraph>
      <Space.Compact style={{ width: '100%' }}>
        <Input
          ref={input}
          value={value}
          autoComplete="off"
          placeholder={t('session.scan.placeholder')}
          onChange={(e) => setValue(e.target.value)}
          onPressEnter={() => void submit(value)}
          data-testid="scan-input"
        />
        <Button type="primary" onClick={() => void submit(value)} loading={busy} data-testid="scan-submit">
          {t('session.scan.submit')}
        </Button>
      </Space.Compact>
      {camera && <video ref={video} muted playsInline style={{ width: '100%', maxWidth: 360, marginTop: 12 }} />}
      {!hasCamera && camera && <Alert type="info" title={t('session.scan.cameraUnsupported')} />}
    </Card>
  );
}
