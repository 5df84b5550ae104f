/**
 * Ant Design's Result illustrations for 404 / 403 / 500 (≈ 9 KB gzip of SVG): a chunk of its own, loaded by
 * ErrorState only when a whole-page error is drawn, so no route carries them in its initial JS (issue 11).
 */
import noFound from 'antd/es/result/noFound';
import serverError from 'antd/es/result/serverError';
import unauthorized from 'antd/es/result/unauthorized';

const IMAGES = { '404': noFound, '403': unauthorized, '500': serverError };

/** The illustration of `status`. */
export default function ErrorIllustration({ status }: { status: keyof typeof IMAGES }) {
  const Image = IMAGES[status];
  return <Image />;
}
