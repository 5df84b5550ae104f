/** A statement's statuses: zh, en, tag colour (the list and the statement page). */
import type { paths } from '../../api/schema';

type List = paths['/statements']['get']['responses']['200']['content']['application/json'];
type Status = List['items'][number]['status'];

export const STATEMENT_STATUS: Record<Status, [string, string, string]> = {
  draft: ['草稿', 'Draft', 'default'],
  sent: ['已寄出', 'Sent', '#1f5fa8'],
  confirmed: ['客戶已確認', 'Confirmed', '#237804'],
  disputed: ['有爭議', 'Disputed', '#ad4e00'],
};
