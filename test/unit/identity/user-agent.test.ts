import { describe, expect, it } from 'vitest';
import { describeUserAgent, parseUserAgent } from '../../../web/src/modules/identity/pages/profile/userAgent.js';

const CASES: [string, string | null, string | null][] = [
  [
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36',
    'Chrome 120',
    'Windows 10',
  ],
  [
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.2210.91',
    'Edge 120',
    'Windows 10',
  ],
  ['Mozilla/5.0 (Windows NT 6.1; Win64; x64; rv:115.0) Gecko/20100101 Firefox/115.0', 'Firefox 115', 'Windows 7'],
  [
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Safari/605.1.15',
    'Safari 17',
    'macOS 10.15',
  ],
  [
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1',
    'Safari 17',
    'iOS 17.1',
  ],
  [
    'Mozilla/5.0 (Linux; Android 13; V2227A) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/114.0.0.0 Mobile Safari/537.36',
    'Chrome 114',
    'Android 13',
  ],
  [
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36',
    'Headless Chrome 131',
    'Linux',
  ],
  [
    'Mozilla/5.0 (Windows NT 6.1; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/86.0.4240.198 Safari/537.36 QQBrowser/10.8.4506.400',
    'QQ 浏览器 10',
    'Windows 7',
  ],
  [
    'Mozilla/5.0 (Windows NT 10.0; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/86.0.4240.198 Safari/537.36 360SE',
    '360 浏览器',
    'Windows 10',
  ],
  [
    'Mozilla/5.0 (X11; UOS x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/108.0.0.0 Safari/537.36',
    'Chrome 108',
    '统信 UOS',
  ],
  ['Mozilla/5.0 (Windows NT 6.3; Trident/7.0; rv:11.0) like Gecko', 'Internet Explorer 11', 'Windows 8.1'],
  ['curl/8.4.0', null, null],
  ['', null, null],
];

describe('the profile names a session by browser and operating system', () => {
  it.each(CASES)('%s', (ua, browser, os) => {
    expect(parseUserAgent(ua)).toEqual({ browser, os });
  });

  it('joins the known parts, and names nothing it does not know', () => {
    expect(describeUserAgent(CASES[0]![0])).toBe('Chrome 120 · Windows 10');
    expect(describeUserAgent('Mozilla/5.0 (X11; Linux x86_64) Gecko/20100101 Foo/1')).toBe('Linux');
    expect(describeUserAgent('curl/8.4.0')).toBeNull();
    expect(describeUserAgent(null)).toBeNull();
  });
});
