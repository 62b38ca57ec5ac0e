// Row types of the resident side: refresh tokens, SMS codes, rate counters, uploaded media and
// idempotency keys of case submissions. Residents themselves are rows of `users` (role resident).
export interface RefreshTokensTable {
  id: string;
  /** Every rotation stays in its sign-in's family; a reused token revokes the whole family. */
  family_id: string;
  user_id: string;
  token_hash: string;
  expires_at: string;
  created_at: string;
  used_at: string | null;
  revoked_at: string | null;
}

export interface SmsCodesTable {
  id: string;
  phone_hash: string;
  /** Keyed hash of the code; the code itself is never stored. */
  code_hash: string;
  expires_at: string;
  attempts: number;
  consumed_at: string | null;
  created_at: string;
}

export interface RateCountersTable {
  bucket: string;
  count: number;
  reset_at: string;
}

export interface MediaTable {
  id: string;
  owner_user_id: string;
  /** Server-made storage names; the uploaded file name is never used. */
  storage_key: string;
  thumb_key: string;
  mime: string;
  width: number;
  height: number;
  bytes: number;
  case_id: string | null;
  created_at: string;
}

export interface IdempotencyKeysTable {
  user_id: string;
  key: string;
  request_hash: string;
  /** 'done': claimed and answered in the filing's own transaction ('in_flight' only in rows of older versions, taken over). */
  state: string;
  response_status: number | null;
  response_body: string | null;
  created_at: string;
  expires_at: string;
}

export interface ResidentTables {
  refresh_tokens: RefreshTokensTable;
  sms_codes: SmsCodesTable;
  rate_counters: RateCountersTable;
  media: MediaTable;
  idempotency_keys: IdempotencyKeysTable;
}
