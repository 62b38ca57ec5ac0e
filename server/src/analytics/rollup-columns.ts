// The roll-up counters of the domain core and the columns that store them.
import type { RollupCounter } from '@hotline/core';
import type { CaseRollupsTable } from '../database/schema';

type CounterColumn = Exclude<keyof CaseRollupsTable, 'day' | 'unit_id' | 'category_code' | 'township_code' | 'channel'>;

export const rollupColumns: Readonly<Record<RollupCounter, CounterColumn>> = {
  filed: 'filed',
  accepted: 'accepted',
  dispatched: 'dispatched',
  signedInTime: 'signed_in_time',
  replied: 'replied',
  repliedOnTime: 'replied_on_time',
  replyMinutes: 'reply_minutes',
  returned: 'returned',
  reviewed: 'reviewed',
  sentBack: 'sent_back',
  rated: 'rated',
  solved: 'solved',
  satisfied: 'satisfied',
  reopened: 'reopened',
  closed: 'closed',
};
