/** The record-action contract of the API (domain/actions.ts), re-exported for the desk's step buttons. */
export type { RecordAction, ReasonCode } from '../../../domain/actions';
