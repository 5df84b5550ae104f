/** Placeholder: this screen is being built (issue 11). */
import { Result } from 'antd';

export default function QuotePage() {
  return <Result status="info" title="建置中 Coming soon" subTitle="QuotePage" />;
}
