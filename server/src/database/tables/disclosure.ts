// Row types of typical cases made public: one moderated copy per case, never the case itself.
export interface PublishedCasesTable {
  id: string;
  case_id: string;
  /** draft | published | unpublished */
  status: string;
  filer_title: string;
  title: string;
  category_code: string | null;
  township_code: string | null;
  road: string | null;
  description: string;
  reply: string | null;
  reply_unit_name: string | null;
  /** Public steps [{type, date, actor}] as JSON. */
  steps_json: string;
  /** Chosen photos [{mediaId, blur}] as JSON. */
  photos_json: string;
  /** Storage keys of the redacted copies, in order, as JSON. */
  photo_keys_json: string;
  lat: number | null;
  lng: number | null;
  filed_date: string;
  closed_date: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
  published_at: string | null;
  unpublished_at: string | null;
}

export interface DisclosureTables {
  published_cases: PublishedCasesTable;
}
