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

/** Who acts on a step: the user, their role, and whom they act for when delegated. */
export interface Actor {
  id: string;
  role: Role;
  onBehalfOf?: string;
}
