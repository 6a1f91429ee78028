/**
 * A session's browser and operating system in words ("Chrome 120 · Windows 10") from its User-Agent header, so
 * the profile's session list is readable. Pure and small on purpose: it names what the organisation's machines
 * run (the common browsers, the domestic ones, Windows, macOS, the domestic Linux systems, phones) by the first
 * matching rule; anything else keeps no name (the page then shows the raw header in a tooltip).
 */
export interface UserAgentInfo {
  browser: string | null;
  os: string | null;
}

/** Browsers, most specific first: Edge, Opera and the domestic browsers all also claim Chrome and Safari. */
const BROWSERS: readonly [RegExp, string][] = [
  [/\bEdg(?:e|A|iOS)?\/(\d+)/, 'Edge'],
  [/\bOPR\/(\d+)/, 'Opera'],
  [/\bQQBrowser\/(\d+)/, 'QQ 浏览器'],
  [/\bUCBrowser\/(\d+)/, 'UC 浏览器'],
  [/\bMetaSr\b/, '搜狗浏览器'],
  [/\b360(?:SE|EE)\b/, '360 浏览器'],
  [/\bFirefox\/(\d+)/, 'Firefox'],
  [/\bFxiOS\/(\d+)/, 'Firefox'],
  [/\bHeadlessChrome\/(\d+)/, 'Headless Chrome'],
  [/\bCriOS\/(\d+)/, 'Chrome'],
  [/\bChrom(?:e|ium)\/(\d+)/, 'Chrome'],
  [/\bVersion\/(\d+)(?:\.\d+)*.*\bSafari\//, 'Safari'],
  [/\bMSIE (\d+)/, 'Internet Explorer'],
  [/\bTrident\/.*\brv:(\d+)/, 'Internet Explorer'],
];

const WINDOWS: Readonly<Record<string, string>> = {
  '10.0': '10', // Windows 11 sends 10.0 too: the header cannot tell them apart
  '6.3': '8.1',
  '6.2': '8',
  '6.1': '7',
  '6.0': 'Vista',
  '5.1': 'XP',
};

function osOf(ua: string): string | null {
  const win = /\bWindows NT (\d+\.\d+)/.exec(ua);
  if (win) return `Windows ${WINDOWS[win[1]!] ?? win[1]}`;
  const ios = /\b(?:iPhone|CPU) OS (\d+)(?:_(\d+))?/.exec(ua);
  if (ios) return `iOS ${ios[1]}${ios[2] ? `.${ios[2]}` : ''}`;
  if (/\biPad\b/.test(ua)) return 'iPadOS';
  const mac = /\bMac OS X (\d+)[._](\d+)/.exec(ua);
  if (mac) return `macOS ${mac[1]}.${mac[2]}`;
  const android = /\bAndroid (\d+(?:\.\d+)?)/.exec(ua);
  if (android) return `Android ${android[1]}`;
  if (/\bUOS\b/i.test(ua)) return '统信 UOS';
  if (/\bKylin\b/i.test(ua)) return '麒麟 Kylin';
  if (/\bCrOS\b/.test(ua)) return 'ChromeOS';
  if (/\bLinux\b/.test(ua)) return 'Linux';
  return null;
}

export function parseUserAgent(ua: string | null | undefined): UserAgentInfo {
  if (!ua) return { browser: null, os: null };
  let browser: string | null = null;
  for (const [re, name] of BROWSERS) {
    const m = re.exec(ua);
    if (m) {
      browser = m[1] ? `${name} ${m[1]}` : name;
      break;
    }
  }
  return { browser, os: osOf(ua) };
}

/** "Browser · OS", whichever parts are known; null when neither is. */
export function describeUserAgent(ua: string | null | undefined): string | null {
  const { browser, os } = parseUserAgent(ua);
  const parts = [browser, os].filter((p): p is string => p !== null);
  return parts.length ? parts.join(' · ') : null;
}
