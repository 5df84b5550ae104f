/** Workflow ids of ARCHITECTURE.md, behind an optional deployment prefix. */
export const tariffWorkflowId = (prefix: string, versionNo: number) => `${prefix}tariff-${versionNo}`;
export const tariffChangeWorkflowId = (prefix: string, changeId: number) => `${prefix}tariff-change-${changeId}`;
export const quoteWorkflowId = (prefix: string, quoteNo: string) => `${prefix}quote-${quoteNo}`;
export const jobWorkflowId = (prefix: string, jobNo: string) => `${prefix}job-${jobNo}`;
