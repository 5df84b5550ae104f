/** Every workflow the worker runs. */
export { tariffWorkflow } from './tariff.workflow';
export { tariffChangeWorkflow } from './tariff-change.workflow';
export { quoteWorkflow } from './quote.workflow';
export { jobWorkflow } from './job.workflow';
export { collectionCaseWorkflow } from './collection-case.workflow';
export { collectionScanWorkflow } from './collection-scan.workflow';
export { collectionPlanWorkflow } from './collection-plan.workflow';
export { visitReminderWorkflow } from './visit-reminder.workflow';
export { rhythmReminderWorkflow } from './rhythm-reminder.workflow';
