/**
 * The API's refusals as the desk shows them: zh-Hant with English beside. The API words its refusals
 * (403 / 404 / 409 / 422: `{ code, message, details }`) in zh-Hant with English beside and the desk shows
 * them as they are (errorTitle); an English-only message (a 400's, a 401's) gets a zh-Hant summary of its
 * code (and of `details.reason`) before it. The desk names each field of a 400 (and the one `details.field` of a 422) by its label, once, and
 * 1-based row number as the tables number their rows (`body.lines.2.quotedPrice` → 「第 3 行 報價 Line 3 Quoted
 * price」, `body.charges.0.amount` → 「第 1 行 金額 Row 1 Amount」), with the common messages translated. The
 * desk's form validation messages name their field with the same function (validateMessages.ts) and amount rule (format/number.ts amountRule).
 */
import type { ReasonCode } from './actions';
import type { Label } from '../format/labels';
import { SECTION_LABELS } from '../format/plan-sections';
import { countText, ITEMS } from '../../../domain/words';

/** The shape of client.ts's ApiError that these texts read (kept structural: no browser module needed). */
interface ApiError extends Error {
  code: string;
  reason: string | undefined;
  fields: { path: string; message: string }[];
}

type T = ((zh: string, en: string) => string) & { label: (l: Label) => string };

/** An ApiError (client.ts) or anything shaped like one: code, message, details, fields. */
const isApiError = (e: unknown): e is ApiError =>
  e instanceof Error && typeof (e as ApiError).code === 'string' && Array.isArray((e as ApiError).fields);

/** A summary per error code of lib/errors.ts (plus `network` for a request that never got an answer). */
export const ERROR_TITLES: Record<string, Label> = {
  bad_request: ['輸入有誤', 'Invalid input'],
  unauthenticated: ['登入已失效，請重新登入', 'Signed out: sign in again'],
  forbidden: ['無此權限', 'Not allowed'],
  not_found: ['找不到記錄', 'Not found'],
  conflict: ['記錄狀態不允許此操作', 'Refused in the record’s state'],
  unprocessable: ['不符業務規則', 'Refused by a business rule'],
  idempotency_key_reused: ['重複的請求', 'Repeated request'],
  payload_too_large: ['內容太大', 'Too large'],
  unsupported_media_type: ['格式不支援', 'Unsupported format'],
  rate_limited: ['操作太頻繁，請稍後再試', 'Too many requests: try again shortly'],
  unavailable: ['服務暫時無法使用，請稍後再試', 'Service unavailable: try again shortly'],
  network: ['網路錯誤，請稍後再試', 'Network error: try again shortly'],
  internal: ['系統錯誤', 'Internal error'],
};

/**
 * Why a step is not available (domain/actions.ts REASON_CODES): the disabled buttons' reasons and the zh-Hant
 * summary every refusal with `details.reason` starts with (errorTitle), on every page.
 */
export const REASON_LABELS: Record<ReasonCode, Label> = {
  wrong_state: ['記錄狀態不允許', 'not in this state'],
  role_not_allowed: ['角色無此權限', 'role not allowed'],
  not_owner: ['非本人的記錄', 'not your record'],
  segregation_of_duties: ['職責分離：已辦理前一步', 'segregation of duties'],
  comment_required: ['需填寫意見', 'a comment is required'],
  open_exception: ['有未結異常', 'open exception'],
  out_of_order: ['尚未輪到此步', 'not yet'],
  read_only: ['唯讀', 'read only'],
  no_lines: ['草稿沒有價目：請先新增價目或從 Excel 匯入', 'no lines yet: add lines or import them from Excel'],
  credit_hold: ['客戶信用凍結中：需經理放行', 'customer on credit hold: a manager’s override is needed'],
  risk_assessment_required: ['請先記錄風險評估', 'record the risk assessment first'],
  not_due: ['尚未逾期：未到期款項不得核銷', 'not yet overdue: money not yet due is not written off'],
};

/**
 * Labels of the request fields the desk's forms send, by the last segment of a field's path; a plan's sections are
 * the plan forms' own headings (format/plan-sections.ts SECTION_LABELS).
 */
export const FIELD_LABELS: Record<string, Label> = {
  ...Object.fromEntries(Object.values(SECTION_LABELS).flatMap((kind) => kind.map(([key, zh, en]) => [key, [zh, en]]))),
  lines: ['明細', 'Lines'],
  serviceType: ['服務類別', 'Service'],
  industry: ['行業', 'Industry'],
  commodity: ['品名', 'Commodity'],
  routeFrom: ['起運地', 'From'],
  routeTo: ['目的地', 'To'],
  unit: ['單位', 'Unit'],
  currency: ['幣別', 'Currency'],
  price: ['價格', 'Price'],
  budgetCost: ['預算成本', 'Budget cost'],
  validFrom: ['有效起', 'Valid from'],
  validTo: ['有效至', 'Valid to'],
  quotedPrice: ['報價', 'Quoted price'],
  quantity: ['數量', 'Quantity'],
  tariffLineNo: ['原始報價行', 'Tariff line'],
  customerNo: ['客戶', 'Customer'],
  title: ['標題', 'Title'],
  effectiveFrom: ['生效日', 'Effective from'],
  reason: ['原因', 'Reason'],
  comment: ['意見', 'Comment'],
  fullName: ['客戶全稱', 'Full name'],
  shortName: ['簡稱', 'Short name'],
  address: ['地址', 'Address'],
  phone: ['電話', 'Phone'],
  contactName: ['聯絡人', 'Contact'],
  contactPerson: ['聯絡人', 'Contact'],
  fax: ['傳真', 'Fax'],
  creditStanding: ['信用狀況', 'Credit standing'],
  paymentTerms: ['付款條件', 'Payment terms'],
  ownerId: ['業務員', 'Salesperson'],
  startsOn: ['開始日', 'Starts on'],
  endsOn: ['結束日', 'Ends on'],
  toUser: ['受託人', 'Delegate'],
  action: ['動作', 'Action'],
  active: ['啟用', 'Active'],
  actorId: ['操作人', 'Actor'],
  appointmentConfirmedAt: ['預約確認時間', 'Appointment confirmed at'],
  baseVersionNo: ['基準版本', 'Base version'],
  basedOnVersion: ['依據版本', 'Based on version'],
  billing: ['計費', 'Billing'],
  buckets: ['區間', 'Buckets'],
  budgetLineId: ['預算行', 'Budget line'],
  businessScope: ['經營範圍', 'Business scope'],
  cargo: ['貨物', 'Cargo'],
  cargoDescription: ['貨物描述', 'Cargo description'],
  caseId: ['案件', 'Case'],
  changeId: ['修改單', 'Change'],
  clauseChanges: ['條款修改', 'Clause changes'],
  clauses: ['條款', 'Clauses'],
  confirmedAt: ['確認時間', 'Confirmed at'],
  container: ['貨櫃', 'Container'],
  containerNo: ['柜號', 'Container number'],
  correction: ['更正', 'Correction'],
  customer: ['客戶', 'Customer'],
  customerConfirmed: ['客戶已確認', 'Customer confirmed'],
  customerNotified: ['已通知客戶', 'Customer told'],
  customerReference: ['客戶參考號', 'Customer reference'],
  customs: ['報關', 'Customs'],
  data: ['資料', 'Data'],
  day: ['日', 'Day'],
  days: ['天數', 'Days'],
  declaredValue: ['申報價值', 'Declared value'],
  deliveryDate: ['送貨日期', 'Delivery date'],
  deliveryPlace: ['送貨地點', 'Delivery place'],
  description: ['異常說明', 'Description'],
  differenceId: ['差異', 'Difference'],
  displayName: ['顯示名稱', 'Display name'],
  disputeId: ['爭議', 'Dispute'],
  documents: ['文件', 'Documents'],
  driver: ['司機', 'Driver'],
  driverPhone: ['司機電話', 'Driver phone'],
  dueOn: ['到期日', 'Due on'],
  email: ['電郵', 'Email'],
  estimatedMonthlyContainers: ['預估月柜量', 'Estimated monthly containers'],
  eta: ['預計到港', 'ETA'],
  etd: ['預計開船', 'ETD'],
  event: ['事件', 'Event'],
  exceptionId: ['異常', 'Exception'],
  file: ['檔案', 'File'],
  financialStanding: ['財務狀況', 'Financial standing'],
  followUp: ['跟進', 'Follow-up'],
  followUpId: ['跟進事項', 'Follow-up'],
  followUps: ['跟進事項', 'Follow-ups'],
  format: ['格式', 'Format'],
  from: ['起', 'From'],
  id: ['編號', 'Id'],
  inspectionRequired: ['需查驗', 'Inspection required'],
  jobNo: ['作業號', 'Job no'],
  limit: ['筆數上限', 'Limit'],
  lineNo: ['行號', 'Line no'],
  loadingPlace: ['裝貨地點', 'Loading place'],
  loadingTime: ['裝貨時間', 'Loading time'],
  managerId: ['主管', 'Manager'],
  material: ['資料', 'Material'],
  metWith: ['會見人', 'Met with'],
  metadata: ['附加資料', 'Metadata'],
  mine: ['我的', 'Mine'],
  money: ['金額', 'Money'],
  month: ['月份', 'Month'],
  nextQuarters: ['下季度', 'Next quarters'],
  nextTargets: ['下期目標', 'Next targets'],
  no: ['編號', 'No'],
  notes: ['備註', 'Notes'],
  numbers: ['號碼', 'Numbers'],
  offset: ['起始筆', 'Offset'],
  open: ['未結', 'Open'],
  othersStanding: ['同業情況', 'Others’ standing'],
  outcome: ['結果', 'Outcome'],
  overdue: ['逾期', 'Overdue'],
  override: ['主管放行', 'Override'],
  payloads: ['內容', 'Payloads'],
  paymentHistory: ['付款記錄', 'Payment history'],
  paymentMethod: ['付款方式', 'Payment method'],
  period: ['期間', 'Period'],
  planId: ['計劃', 'Plan'],
  plannedAt: ['預計時間', 'Planned at'],
  portOfDischarge: ['目的港', 'Port of discharge'],
  portOfLoading: ['起運港', 'Port of loading'],
  project: ['項目', 'Project'],
  projectName: ['項目名稱', 'Project name'],
  prospectId: ['潛在客戶', 'Prospect'],
  purpose: ['目的', 'Purpose'],
  q: ['搜尋', 'Search'],
  questions: ['問題', 'Questions'],
  quoteNo: ['報價號', 'Quote no'],
  quoting: ['報價', 'Quoting'],
  reasons: ['原因', 'Reasons'],
  receiptId: ['收款', 'Receipt'],
  recordId: ['記錄', 'Record'],
  recordType: ['記錄類別', 'Record type'],
  remarks: ['備註', 'Remarks'],
  remedy: ['補救措施', 'Remedy'],
  report: ['報告', 'Report'],
  requiredArrival: ['要求到貨日', 'Required arrival'],
  resolution: ['處理結果', 'Resolution'],
  riskLevel: ['風險等級', 'Risk level'],
  sections: ['章節', 'Sections'],
  settlementCycle: ['結算週期', 'Settlement cycle'],
  signedOn: ['簽約日', 'Signed on'],
  source: ['來源', 'Source'],
  stage: ['階段', 'Stage'],
  statementId: ['對帳單', 'Statement'],
  status: ['狀態', 'Status'],
  step: ['步驟', 'Step'],
  targets: ['目標', 'Targets'],
  tariffVersionNo: ['原始報價版本', 'Tariff version'],
  text: ['內容', 'Text'],
  to: ['迄', 'To'],
  todayWork: ['今日工作', 'Today’s work'],
  tomorrowPlan: ['明日計劃', 'Tomorrow’s plan'],
  transport: ['運輸', 'Transport'],
  truck: ['車牌', 'Truck'],
  type: ['類型', 'Type'],
  unbudgeted: ['預算外', 'Unbudgeted'],
  uploadId: ['上傳', 'Upload'],
  urgent: ['急件', 'Urgent'],
  userId: ['使用者', 'User'],
  validUntil: ['有效期至', 'Valid until'],
  version: ['版本', 'Version'],
  versionNo: ['版本', 'Version'],
  vessel: ['船名', 'Vessel'],
  visitId: ['訪問', 'Visit'],
  visitedAt: ['訪問時間', 'Visited at'],
  volumeAndPlans: ['貨量與計劃', 'Volume and plans'],
  voyage: ['航次', 'Voyage'],
  waitingOn: ['等待角色', 'Waiting on'],
  week: ['週', 'Week'],
  withCredit: ['含貸餘', 'With credit'],
  workflowTasks: ['工作流程任務', 'Workflow tasks'],
  working: ['工作日', 'Working day'],
  writeOffId: ['核銷', 'Write-off'],
  role: ['角色', 'Role'],
  contractNo: ['已簽合同', 'Signed contract'],
  containerCount: ['柜數', 'Containers'],
  amount: ['金額', 'Amount'],
  balance: ['應收餘額', 'Balance'],
  label: ['費用名稱', 'Charge'],
  name: ['名稱', 'Name'],
  payer: ['付款人', 'Payer'],
  reference: ['參考號', 'Reference'],
  note: ['備註', 'Note'],
  receivedOn: ['收款日', 'Received on'],
  refundedOn: ['退款日', 'Refunded on'],
  entryDate: ['日期', 'Date'],
  calledOn: ['致電日', 'Called on'],
  plannedOn: ['預計收款日', 'Planned on'],
  promise: ['承諾付款', 'Promise to pay'],
  date: ['日期', 'Date'],
  allocations: ['沖銷', 'Allocations'],
  installments: ['分期', 'Instalments'],
  receivableId: ['應收款', 'Receivable'],
  charges: ['實際費用', 'Actual charges'],
  feeItems: ['費用科目', 'Fee items'],
  revenue: ['營業額', 'Revenue'],
  margin: ['毛利', 'Margin'],
  direction: ['方向', 'Direction'],
  kind: ['類別', 'Kind'],
  sentOn: ['寄出日', 'Sent on'],
  answeredOn: ['回覆日', 'Answered on'],
  periodFrom: ['期間自', 'Period from'],
  periodTo: ['期間至', 'Period to'],
  asOf: ['截至日期', 'As of'],
  actualCost: ['實際成本', 'Actual cost'],
  actuals: ['實際成本', 'Actual costs'],
  count: ['柜量', 'Count'],
  containers: ['柜量', 'Containers'],
  newCustomers: ['新客戶', 'New customers'],
  collectionRatePct: ['回款率 %', 'Collection rate %'],
  targetPct: ['目標回款率 %', 'Target rate %'],
  priceAuthorityPct: ['價格權限 %', 'Price authority %'],
  budgetContainers: ['預算柜量', 'Budget containers'],
  yearsTrading: ['經營年數', 'Years trading'],
  annualContainers: ['年柜量', 'Containers a year'],
};

/**
 * Labels of a key inside a group whose own label would misname it: the job's `containers.type` is the container
 * type 柜型, not 柜量 Containers' type; `containers.numbers` are the container numbers, each row 「第 1 個柜號
 * Container number 1」 (ROW_WORDS). The open-job form's fields have these names and labels. A key of a list's row is
 * looked up by the list's key and its own (`followUps.0.dueOn` → `followUps.dueOn`): a visit follow-up's due date is
 * its 期限 Due, as the visit record form says, not the receivables' 到期日 Due on.
 */
export const FIELD_PATH_LABELS: Record<string, Label> = {
  'containers.type': ['柜型', 'Container type'],
  'followUps.dueOn': ['期限', 'Due'],
  'containers.count': ['柜量', 'Count'],
  'containers.numbers': ['柜號', 'Container numbers'],
};

/** zh-Hant for the API's common field messages (zod's and the app's own); others stay English only. */
const MESSAGES: [RegExp, (m: RegExpExecArray) => string][] = [
  [/^unknown field$/, () => '未知欄位'],
  [/^required$|^is required$|^Invalid input: expected \w+, received undefined$/i, () => '必填'],
  [/^Invalid input|^Invalid option|^Invalid string|^Invalid enum/, () => '格式不符'],
  // A list with too few or too many rows (zod's array messages, e.g. a dispute without a ticked line).
  [/^Too small: expected (?:array|set) to have >=?(\d+) items?$/, (m) => `至少需要 ${m[1]} 項`],
  [/^Too big: expected (?:array|set) to have <=?(\d+) items?$/, (m) => `最多 ${m[1]} 項`],
  [/^Too big|^too long|at most (\d+) characters/i, () => '太長'],
  [/^Too small|^must not be empty|expected string to have >=1/i, () => '不可空白'],
  [/^in the past$|is before today\b|^must not be before today\b/, () => '不可早於今天'],
  [
    /^must be an ISO 6346 container number/,
    () => '須為 ISO 6346 柜號：3 個大寫字母的箱主代碼、U、6 位數字及校驗碼（如 MSCU1234566）',
  ],
  [/^equipment category must be U \(a freight container\), not (\w)$/, (m) => `設備類別須為 U（貨櫃），不是 ${m[1]}`],
  [/^check digit must be (\d) for (\w+) \(ISO 6346\), not (\d)$/, (m) => `${m[2]} 的校驗碼應為 ${m[1]}，不是 ${m[3]}`],
  [
    /^(?:Container )?(\w+) is on job (\S+) \((C\d+)\), still in progress$/,
    (m) => `柜 ${m[1]} 已在作業 ${m[2]}（${m[3]}），尚未完成`,
  ],
  [/^more numbers than containers$/, () => '柜號多於柜量'],
  [/^the contract does not cover (L\/C|T\/T)$/, (m) => `合同不包含${m[1] === 'L/C' ? '信用證' : '電匯'}`],
  [/^the job has no (\w+) stage$/, () => '本作業沒有此環節'],
  [/^must be in ([A-Z]{3}), the currency of contract line (\d+)/, (m) => `須為 ${m[1]}（合同第 ${m[2]} 行的幣別）`],
  [/^duplicates container number (\d+)$/, (m) => `與第 ${m[1]} 個柜號重複`],
  [/is in the future$|^in the future$|must not be in the future/i, () => '不可晚於今天'],
  [/^must not be before the visit$/, () => '不可早於拜訪日'],
  [/^must not be before (\w+)$/, (m) => `不可早於${FIELD_LABELS[m[1]!]?.[0] ?? m[1]}`],
  [/^A delegation goes to someone else$/, () => '不可委託給自己'],
  [/^No active user /, () => '沒有此啟用中的使用者'],
  [/^Auditors cannot act$/, () => '審計不可受託'],
  [/^(\S+) is not in your team$/, (m) => `${m[1]} 不在你的團隊`],
  [/^(\S+) is not a salesperson in your sight$/, (m) => `${m[1]} 不是你可查看的業務員`],
  [/^The range is already over$/, () => '期間已結束'],
  [/^A salesperson needs a manager/, () => '業務員須有主管（業務經理）'],
  [/^A salesperson’s manager is a sales manager/, () => '業務員的主管須為業務經理'],
  [/^duplicates line (\d+)$/, (m) => `與第 ${m[1]} 行重複`],
  [/^a per-cent rate must be at most 100$/, () => '百分比不可超過 100'],
  [/must be a non-negative decimal/i, () => '須為不小於 0 的數字，如 1250.00（小數點前最多 14 位、小數最多 4 位）'],
  [/\b([A-Z]{3}) amounts have at most 0 decimals/, (m) => `${m[1]} 金額不可有小數`],
  [/\b([A-Z]{3}) amounts have at most (\d+) decimals/, (m) => `${m[1]} 金額最多 ${m[2]} 位小數`],
  [/more than (\d+) decimal|at most (\d+) decimal|has (\d+) digits/i, () => '小數位數超過規定'],
  [/must be a whole number|whole numbers|whole containers|\binteger\b(?! digits)/i, () => '須為整數'],
  [/positive|greater than (0|zero)|must be > 0/i, () => '須大於 0'],
  [/exceeds the largest amount/, () => '金額超過上限'],
  [/decimal/i, () => '請輸入數字'],
];
/**
 * The table of zh-Hant field messages, for its test (test/unit/number-input.test.ts): each zh says what its
 * English says — a decimal rule never says 整數 (whole number); "at most 14 integer digits" in the decimal
 * message counts the digits before the point.
 */
export { MESSAGES as FIELD_MESSAGES };

/**
 * A field's label as forms and tables show it (`fieldLabel('contactPerson', t)` → 「聯絡人 Contact」): the one
 * table FIELD_LABELS, so a field is called the same on every page; `suffix` adds e.g. 必填 / required.
 */
export function fieldLabel(key: string, t: T, suffix?: Label): string {
  const l = FIELD_LABELS[key] ?? [key, key];
  return suffix ? t(`${l[0]}（${suffix[0]}）`, `${l[1]} (${suffix[1]})`) : t.label(l);
}

/**
 * The start of a message that names its own field — its key (`receivedOn`), the noun of an id's or number's key
 * (`receivableId` → `receivable`, `customerNo` → `customer`) or its English label — which the field's name before
 * the message already says: 「應收款 Receivable: receivable J1 · 海運費 is due」 would say it twice.
 */
function ownName(field: string): RegExp {
  const key = field.replace(/[^\w]/g, '');
  const names = [key, key.replace(/(Id|No|Code)$/, ''), FIELD_LABELS[key]?.[1]]
    .filter((n): n is string => Boolean(n))
    .map((n) => n.replace(/[^\w ]/g, '').replace(/ /g, '\\s+'));
  // The API's path of a row's field (`followUps[0].dueOn`) names it as much as its key does.
  return new RegExp(`^(?:\\w+\\[\\d+\\]\\.)*(?:${[...new Set(names)].join('|')}):?\\s+`, 'i');
}

/**
 * A field message in both languages: the zh-Hant of a known message beside the API's English. The field
 * is named once, before the message (fieldName), so a message that starts with the field's own key — the
 * API's `amount: CNY amounts have at most 2 decimals` or `receivedOn 2026-12-09 is in the future` — loses it
 * (`field` is the key, the last segment of the path).
 */
export function fieldMessage(message: string, t: T, field?: string): string {
  const text = field && !/^\d+$/.test(field) ? message.replace(ownName(field), '') : message;
  // A message the API words in both languages itself (a 422's reason: hasZh) is shown as it is.
  if (hasZh(text)) return text;
  // Another field the message names by its key (`must not be before startsOn`, `… before etd`) is named by its
  // English label.
  const english = text
    // zod's list messages in plain words (the zh above says the same).
    .replace(
      /^Too small: expected (?:array|set) to have >=?(\d+) items?$/,
      (_, n: string) => `at least ${countText(Number(n), ITEMS)[1]} needed`,
    )
    .replace(
      /^Too big: expected (?:array|set) to have <=?(\d+) items?$/,
      (_, n: string) => `at most ${countText(Number(n), ITEMS)[1]}`,
    )
    .replace(/\b[a-z]+[A-Z]\w*\b/g, (k) => FIELD_LABELS[k]?.[1] ?? k)
    .replace(/\b(before|after) ([a-z]+)$/, (all, w: string, k: string) =>
      FIELD_LABELS[k] ? `${w} ${FIELD_LABELS[k][1]}` : all,
    );
  for (const [re, zh] of MESSAGES) {
    const m = re.exec(text);
    if (m) return t(zh(m), english);
  }
  return english;
}

/** How a row of a list is called, by the list's key: a quote's or tariff's `lines` as their tables say, 行 Line. */
const ROW_WORDS: Record<string, Label> = {
  lines: ['行', 'Line'],
  installments: ['期', 'Instalment'],
  numbers: ['個柜號', 'Container number'],
  followUps: ['項', 'Follow-up'],
};

/**
 * A field's path named as the desk shows it, each part once: each index a 1-based row (「第 3 行 Row 3」; a
 * `lines` index 「第 3 行 Line 3」, as the lines tables number them), each known key by its label
 * (FIELD_LABELS), the request part (`body`, `query`, …) and a list's own key before its index left out.
 * `path` is the API's (`body.lines.2.quotedPrice`), a form's name path (`['charges', 0, 'amount']`, or
 * antd's `charges.0.amount` / `0,amount`). `label` (a form field's label, already in both languages) names a
 * last key that has no label of its own, and a form's other unlabelled keys (groups) are left out; without
 * `label` (the API's paths) such a key is shown as it is.
 * @returns e.g. 「第 3 行 報價 Line 3 Quoted price」 in zh-first mode, 「Line 3 Quoted price 第 3 行 報價」 in English.
 */
export function fieldName(path: string | readonly (string | number)[], t: T, label?: string): string {
  const parts = (typeof path === 'string' ? path.split(/[.,]/) : path.map(String)).filter(
    (p) => p !== '' && !['body', 'query', 'params', 'headers'].includes(p),
  );
  const zh: string[] = [];
  const en: string[] = [];
  let tail = '';
  let list = '';
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    const next = parts[i + 1];
    const pair = next !== undefined ? FIELD_PATH_LABELS[`${p}.${next}`] : undefined;
    if (pair) {
      // `containers.numbers.0`: the row names the number by itself (「第 1 個柜號 Container number 1」).
      if (parts[i + 2] !== undefined && /^\d+$/.test(parts[i + 2]!) && ROW_WORDS[next!]) continue;
      zh.push(pair[0]);
      en.push(pair[1]);
      i++;
      continue;
    }
    if (next !== undefined && /^\d+$/.test(next) && !/^\d+$/.test(p)) {
      list = p; // "charges.0" → "row 1": the row says it
      continue;
    }
    if (/^\d+$/.test(p)) {
      const word = ROW_WORDS[list] ?? ['行', 'Row'];
      zh.push(`第 ${Number(p) + 1} ${word[0]}`);
      en.push(`${word[1]} ${Number(p) + 1}`);
      continue;
    }
    const l = (list ? FIELD_PATH_LABELS[`${list}.${p}`] : undefined) ?? FIELD_LABELS[p];
    if (label !== undefined && (!l || i < parts.length - 1)) {
      // A form's group key (`targets.…`) says nothing the form's layout does not, even one the API labels; its
      // last key without a label of its own is the form field's label.
      if (i === parts.length - 1) tail = label;
      continue;
    }
    zh.push(l ? l[0] : p);
    en.push(l ? l[1] : p);
  }
  // A key without a label (none of the API's request fields: test/unit/field-labels.test.ts) is shown once.
  const named = !zh.length ? '' : zh.join(' ') === en.join(' ') ? zh.join(' ') : t(zh.join(' '), en.join(' '));
  return [named, tail].filter(Boolean).join(' ');
}

/**
 * True when the API worded a message in zh-Hant itself (a refusal's reason: zh-Hant first, English beside): a
 * zh-Hant character comes before the first Latin letter. An English message that merely names something in
 * Chinese (`receivable J2026-00001 · 海運費 is due …`) is not.
 */
export const hasZh = (message: string): boolean => /^[^A-Za-z]*[\u3400-\u9fff\uf900-\ufaff]/.test(message);

/**
 * The refusal's summary line. A refusal the API words in both languages (403 / 404 / 409 / 422: the reason
 * itself, zh-Hant with English beside) is shown as it is — a zh-Hant summary before it would say the same
 * twice (「記錄狀態不允許此操作」「「簽約」不能在「草稿」狀態下辦理」); an English-only message (a 400's, a
 * 401's) gets the short zh-Hant summary of its code (and reason) before it.
 */
export function errorTitle(e: ApiError, t: T): string {
  if (hasZh(e.message)) return e.message;
  const title = ERROR_TITLES[e.code] ?? ERROR_TITLES.internal!;
  const reason = e.reason ? REASON_LABELS[e.reason as ReasonCode] : undefined;
  return `${t.label(reason ?? title)} — ${e.message}`;
}

/** Each field of a 400 (or the one field of a 422) as 「name: message」, names and known messages in both languages. */
export function fieldLines(e: ApiError, t: T): string[] {
  return e.fields.map((f) => `${fieldName(f.path, t)}: ${fieldMessage(f.message, t, f.path.split('.').pop())}`);
}

/**
 * What the desk shows of a refusal: a title — the zh-Hant summary of its code (or reason) and, when the
 * refusal names no field, the API's message — and one line per field it names (fieldLines). A refusal
 * naming its fields restates them in English in its message (0-based paths, raw keys): the lines say it better.
 */
export function refusal(e: ApiError, t: T): { title: string; fields: string[] } {
  const fields = fieldLines(e, t);
  if (!fields.length) return { title: errorTitle(e, t), fields };
  const reason = e.reason ? REASON_LABELS[e.reason as ReasonCode] : undefined;
  return { title: t.label(reason ?? ERROR_TITLES[e.code] ?? ERROR_TITLES.bad_request!), fields };
}

/** One text for anything `sendWrite` or `unwrap` threw: the bilingual summary, then the fields. */
export function describeError(e: unknown, t: T): string {
  if (isApiError(e)) {
    const { title, fields } = refusal(e, t);
    return fields.length ? `${title}: ${fields.join('；')}` : title;
  }
  return e instanceof Error ? e.message : String(e);
}
