/** Role keys of DOMAIN.md. Shared by machines, workflows, API and database. */
export const ROLES = [
  'sales',
  'sales_manager',
  'marketing_manager',
  'commerce',
  'gm',
  'settlement',
  'finance',
  'operations',
  'ocean',
  'customs',
  'dispatch',
  'warehouse',
  'auditor',
  'admin',
] as const;
export type Role = (typeof ROLES)[number];

/**
 * How a role is named to people (documents, mails, the desk): zh-Hant and English, the terms of DOMAIN.md's role
 * table and the seed (營銷中心經理, 跟單員, 運送調度, 審計). The one list: the desk's `ROLE_LABELS` (web/src/format/labels.ts)
 * and `roleLabel` (domain/labels.ts) read it.
 */
export const ROLE_LABELS: Record<Role, string> = {
  sales: '業務員 Salesperson',
  sales_manager: '業務經理 Sales manager',
  marketing_manager: '營銷中心經理 Marketing manager',
  commerce: '商務 Commerce',
  gm: '總經理 General manager',
  settlement: '結算 Settlement',
  finance: '財務 Finance',
  operations: '跟單員 Operations',
  ocean: '海運 Ocean',
  customs: '報關 Customs',
  dispatch: '運送調度 Dispatch',
  warehouse: '倉庫 Warehouse',
  auditor: '審計 Auditor',
  admin: '系統管理員 Administrator',
};

/** Roles that see every customer (back office and managers above sales). */
export const BACK_OFFICE_ROLES: readonly Role[] = [
  'marketing_manager',
  'commerce',
  'gm',
  'settlement',
  'finance',
  'operations',
  'ocean',
  'customs',
  'dispatch',
  'warehouse',
  'admin',
];

/** A person acting on a step: the user, their role, and whom they act for when delegated. */
export interface Actor {
  id: string;
  role: Role;
  onBehalfOf?: string;
}

/** The system itself (durable timers: due times, expiry). Never a user, never delegated. */
export interface SystemActor {
  id: 'system';
  role: 'system';
  onBehalfOf?: undefined;
}

/** Who acts on a step of a process: a person, or the system (timers). */
export type AnyActor = Actor | SystemActor;
/** The role an actor acts in: a user role, or `system`. */
export type ActorRole = Role | 'system';

export const SYSTEM_ACTOR: SystemActor = { id: 'system', role: 'system' };
