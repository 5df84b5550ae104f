/** Workflow ids of ARCHITECTURE.md, behind an optional deployment prefix. */
export const tariffWorkflowId = (prefix: string, versionNo: number) => `${prefix}tariff-${versionNo}`;
export const tariffChangeWorkflowId = (prefix: string, changeId: number) => `${prefix}tariff-change-${changeId}`;
export const quoteWorkflowId = (prefix: string, quoteNo: string) => `${prefix}quote-${quoteNo}`;
export const jobWorkflowId = (prefix: string, jobNo: string) => `${prefix}job-${jobNo}`;
export const collectionCaseWorkflowId = (prefix: string, caseId: number) => `${prefix}collection-case-${caseId}`;
/** The Temporal Schedule that opens collection cases (and its scan workflows' id prefix). */
export const collectionScanScheduleId = (prefix: string) => `${prefix}collection-scan`;
export const collectionPlanWorkflowId = (prefix: string, customerNo: string) =>
  `${prefix}collection-plan-${customerNo}`;
/** The re-confirm reminder of a visit planned more than two days after its appointment (§3.2.7). */
export const visitReminderWorkflowId = (prefix: string, visitId: number) => `${prefix}visit-reminder-${visitId}`;
/** The Temporal Schedule of one deadline of the salesperson's rhythm (diary, weekly, monthly, annual). */
export const rhythmScheduleId = (prefix: string, deadline: string) => `${prefix}rhythm-${deadline}`;
