import type { ThemeConfig } from 'antd';

/**
 * The product's antd theme: the default look, with the colours that fail WCAG 2.1 AA contrast (4.5:1 for body
 * text on white) darkened once here rather than page by page. antd's defaults: primary #1677ff (4.1:1 as link
 * text), secondary and placeholder text at 45% black (3.4:1), error #ff4d4f (3.2:1), success #52c41a (2.1:1),
 * warning #faad14 (1.8:1), the dark menu's area headings at 45% white. Each value below passes as text on white
 * (the menu's on its dark background).
 */
export const appTheme: ThemeConfig = {
  token: {
    colorPrimary: '#0958d9',
    colorLink: '#0958d9',
    colorError: '#cf1322',
    colorSuccess: '#237804',
    colorWarning: '#ad4e00',
    colorInfo: '#0958d9',
    colorTextTertiary: 'rgba(0, 0, 0, 0.62)',
    colorTextDescription: 'rgba(0, 0, 0, 0.62)',
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.6)',
    colorTextQuaternary: 'rgba(0, 0, 0, 0.6)',
  },
  components: {
    Menu: { darkGroupTitleColor: 'rgba(255, 255, 255, 0.72)' },
  },
};
