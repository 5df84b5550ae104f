/**
 * The sentences of refusals (403 / 404 / 409 / 422), zh-Hant then English beside — the one place the shared
 * ones are worded (issue 11 try-out: people read the reason in zh-Hant first). A refusal names things as
 * people know them: a step and a status by their labels, a person by display name (api/acting.ts
 * `namePeople` puts them in the workflows' refusals, which can read no names), a record by its number. The
 * English of each sentence is the API's earlier English, so clients and tests reading it keep working.
 * test/unit/bilingual-refusals.test.ts fails on a refusal message without zh-Hant.
 */
import type { Label } from '../domain/labels';

/** A sentence in both languages: the zh-Hant, then the English beside it. */
export const bilingual = (zh: string, en: string): string => `${zh} ${en}`;

/** Who acts, by name: `王小明`, a delegate `王小明（代 李建華）` · `王小明 (for 李建華)`. */
export const actingLabel = (actor: string, onBehalfOf?: string): Label =>
  onBehalfOf ? { zh: `${actor}（代 ${onBehalfOf}）`, en: `${actor} (for ${onBehalfOf})` } : { zh: actor, en: actor };

export const REFUSAL_TEXT = {
  /** A step the record's status does not offer (a stale tab, a record another user moved on). */
  wrongState: (step: Label, status: Label): string =>
    `「${step.zh}」不能在「${status.zh}」狀態下辦理 '${step.en}' is not possible while the record is '${status.en}'`,
  /** A record in a final status takes no step at all. */
  finished: (record: Label, status: Label): string =>
    `${record.zh} 已是「${status.zh}」，不能再辦理任何步驟 ${record.en} is '${status.en}' and takes no more steps`,
  /** A role that may not take the step. */
  roleNotAllowed: (step: Label, role: Label): string =>
    `「${role.zh}」不能辦理「${step.zh}」 The role '${role.en}' may not take the step '${step.en}'`,
  /** A step for the record's own salesperson (or another named user) only: both named by display name. */
  notOwner: (step: Label, owner: string, actor: string): string =>
    `「${step.zh}」應由 ${owner} 辦理，不是 ${actor} '${step.en}' is for ${owner} to take, not ${actor}`,
  /** Segregation of duties: the actor (or whom they act for, actingLabel) took an earlier step of the record. */
  segregation: (step: Label, who: Label): string =>
    `職責分離：${who.zh} 已辦理此記錄的前一步，不能再辦理「${step.zh}」 Segregation of duties: ${who.en} took an earlier step of this record and may not take '${step.en}'`,
  /** A step that needs a comment, sent without one. */
  commentRequired: (step: Label): string => `「${step.zh}」須填寫意見 '${step.en}' needs a comment`,

  /** 404: no record of this kind and number in the caller's sight (`No customer C2026-00001`). */
  notFound: (kind: Label, id: string | number): string => `找不到${kind.zh} ${id} No ${kind.en} ${id}`,
  /** A role that may act in none of the roles a request is open to (own or delegated), the allowed ones named. */
  roleMayNot: (role: Label, allowed: readonly Label[]): string =>
    `「${role.zh}」不能辦理此事（可辦理：${allowed.map((l) => l.zh).join('、')}） Role '${role.en}' may not do this (allowed: ${allowed.map((l) => l.en).join(', ')})`,
  /** A role that may not read or do `what` (api/auth.ts requireRole; `what` is the English of the action). */
  roleMayNotDo: (role: Label, what: string): string => `「${role.zh}」無此權限 Role '${role.en}' may not ${what}`,
  /** Auditors read everything and change nothing. */
  readOnly: (): string => bilingual('審計人員只能查閱，不能變更', 'Auditors have read-only access'),
  /** A date field set before today (`field` is the zh-Hant label, `key` the field the English names). */
  inPast: (field: string, key: string): string => `${field}不可早於今天 ${key} must not be in the past`,
  /** A record another request changed between reading and writing it (optimistic concurrency). */
  changedMeanwhile: (record: Label, version: number): string =>
    `${record.zh} 已被他人修改，目前為第 ${version} 版：請重新載入 ${record.en} was changed meanwhile; it is now at version ${version}`,
  /** A process (workflow) that has finished: it takes no more steps. */
  processFinished: (): string =>
    bilingual('此流程已結束，不能再辦理任何步驟', 'This process has already finished and takes no more steps'),
  /** A workflow refusal that carried no sentence of its own. */
  stepRefused: (): string => bilingual('此步驟被拒絕', 'The step was refused'),
  /** No locked tariff version in force on `date` (quotes are priced on it). */
  noTariffInForce: (date: string): string =>
    `${date} 沒有生效中的已鎖定原始報價 No locked tariff version is in force on ${date}`,
  /** A tariff version that is a draft (or withdrawn): quotes and changes build on locked versions only. */
  tariffNotLocked: (versionNo: number): string =>
    `原始報價第 ${versionNo} 版不是已鎖定的版本 Tariff version ${versionNo} is not a locked version`,
  /** PostgreSQL's unique violation not caught by a route's own check. */
  duplicate: (): string => bilingual('已有相同的唯一值的記錄', 'A record with the same unique value already exists'),
};

/** Records as refusals name them: `找不到客戶 C2026-00001 No customer C2026-00001` (REFUSAL_TEXT.notFound). */
export const RECORD_NAMES = {
  customer: { zh: '客戶', en: 'customer' },
  quote: { zh: '報價', en: 'quote' },
  contract: { zh: '合同', en: 'contract' },
  job: { zh: '作業', en: 'job' },
  user: { zh: '使用者', en: 'user' },
  delegation: { zh: '委託', en: 'delegation' },
  contractTemplateVersion: { zh: '合同範本版本', en: 'contract template version' },
} as const satisfies Record<string, Label>;
