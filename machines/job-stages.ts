/**
 * A job's stages in contract order and their names, and the name of a completed job — pure data (no XState), so the desk reads the same table
 * (web/src/format/labels.ts) without the machine. machines/job.machine.ts re-exports both.
 */
export const JOB_STAGES = ['payment', 'sea_freight', 'customs', 'transport', 'warehousing', 'billing'] as const;
export type JobStage = (typeof JOB_STAGES)[number];

/** The one table of stage names, `中文 English`: the sea stage is 海運 Ocean freight, as the service type says. */
export const JOB_STAGE_LABELS: Record<JobStage, string> = {
  payment: '信用證/電匯 L/C or T/T',
  sea_freight: '海運 Ocean freight',
  customs: '通關 Customs',
  transport: '運送 Transport',
  warehousing: '倉儲 Warehousing',
  billing: '結算 Billing',
};

/** The label of a completed job (no stage left): domain/labels.ts STATE_LABELS.job and the desk read it. */
export const JOB_COMPLETED_LABEL = { zh: '已完成', en: 'Completed' } as const;
