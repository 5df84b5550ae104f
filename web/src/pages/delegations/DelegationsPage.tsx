/** Placeholder: this screen is being built (issue 11). */
import { Result } from 'antd';

export default function DelegationsPage() {
  return <Result status="info" title="建置中 Coming soon" subTitle="DelegationsPage" />;
}
