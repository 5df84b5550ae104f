/** Every workflow the worker runs. */
export { tariffWorkflow } from './tariff.workflow';
export { tariffChangeWorkflow } from './tariff-change.workflow';
export { quoteWorkflow } from './quote.workflow';
export { jobWorkflow } from './job.workflow';
