/** Typed keys of the custom search attributes (registered by temporal.config.ts on the dev server). */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const QuoteStage = defineSearchAttributeKey('QuoteStage', SearchAttributeType.KEYWORD);
export const PendingRole = defineSearchAttributeKey('PendingRole', SearchAttributeType.KEYWORD);
export const CustomerNo = defineSearchAttributeKey('CustomerNo', SearchAttributeType.KEYWORD);
export const OwnerId = defineSearchAttributeKey('OwnerId', SearchAttributeType.KEYWORD);

export const ALL_SEARCH_ATTRIBUTES = [QuoteStage, PendingRole, CustomerNo, OwnerId];
