/**
 * One cold load of the sign-in page, measured in the browser: shared by the bench (bench/web-load.ts) and the e2e
 * test that bounds what the sign-in page transfers (test/e2e/platform/cold-load.test.ts), so both count alike.
 */
import type { Page } from 'playwright-core';

export interface ColdLoad {
  /** Bytes received over the network: response headers and bodies as sent (compressed when they were). */
  bytes: number;
  /** The same responses' bodies once decoded (what the browser parses). */
  decodedBytes: number;
  requests: number;
  /** The URLs requested, in order. */
  urls: string[];
  /** Milliseconds from navigation start until the sign-in button is shown and enabled. */
  readyMs: number;
}

/**
 * One cold load of `url` in `page`, a page of a fresh context (empty cache): the bytes received until the network is
 * idle (DevTools protocol: `Network.loadingFinished` counts headers and bodies as sent) and the time from navigation
 * start until the sign-in button is shown and enabled (`performance.now()` in the page, polled every frame).
 */
export async function coldLoad(page: Page, url: string): Promise<ColdLoad> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  const decoded = new Map<string, number>();
  let bytes = 0;
  let requests = 0;
  const urls: string[] = [];
  cdp.on('Network.requestWillBeSent', (e) => urls.push(e.request.url));
  cdp.on('Network.dataReceived', (e) => decoded.set(e.requestId, (decoded.get(e.requestId) ?? 0) + e.dataLength));
  cdp.on('Network.loadingFinished', (e) => {
    bytes += e.encodedDataLength;
    requests += 1;
  });
  await page.goto(url, { waitUntil: 'commit' });
  const ready = await page.waitForFunction(
    () => {
      const button = document.querySelector<HTMLButtonElement>('[data-testid="login-submit"]');
      return button && !button.disabled && button.offsetParent !== null ? performance.now() : null;
    },
    undefined,
    { polling: 'raf', timeout: 60_000 },
  );
  const readyMs = (await ready.jsonValue()) as number;
  // Whatever the page still fetches after the button shows (lazy chunks, fonts) is part of the load too.
  await page.waitForLoadState('networkidle');
  await cdp.detach();
  const decodedBytes = [...decoded.values()].reduce((a, b) => a + b, 0);
  return { bytes, decodedBytes, requests, urls, readyMs };
}
