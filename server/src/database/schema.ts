// The whole database as Kysely sees it: each area of the server declares its tables in
// database/tables/<area>.ts and is joined here. Times are ISO-8601 UTC strings on both dialects
// (docs/decisions/0003-time-and-ids.md); flags are 0/1 integers.
import type { AdminTables } from './tables/admin';
import type { AnalyticsTables } from './tables/analytics';
import type { CaseTables } from './tables/cases';
import type { DisclosureTables } from './tables/disclosure';
import type { FoundationTables } from './tables/foundation';
import type { NotificationTables } from './tables/notifications';
import type { ResidentTables } from './tables/residents';

export * from './tables/admin';
export * from './tables/analytics';
export * from './tables/cases';
export * from './tables/disclosure';
export * from './tables/foundation';
export * from './tables/notifications';
export * from './tables/residents';

export interface DB
  extends FoundationTables,
    CaseTables,
    ResidentTables,
    AdminTables,
    NotificationTables,
    AnalyticsTables,
    DisclosureTables {}
