/**
 * The desk's colours: Ant Design's theme tokens (App.tsx ConfigProvider) — its default greys fall short of WCAG AA
 * contrast (axe), so darker greys here — and the same values for the desk's own plain components
 * (components/Typography.tsx), so each colour is set once.
 */
export const THEME = {
  token: {
    colorPrimary: '#1f5fa8',
    colorLink: '#1f5fa8',
    colorInfo: '#1f5fa8',
    colorTextSecondary: 'rgba(0, 0, 0, 0.65)',
    colorTextDescription: 'rgba(0, 0, 0, 0.65)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.62)',
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.58)',
    colorTextDisabled: 'rgba(0, 0, 0, 0.5)',
    colorError: '#c0392b',
    colorSuccess: '#237804',
    colorWarning: '#ad4e00',
  },
};
