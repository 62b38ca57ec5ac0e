// Rows of the cases table written straight into it by the benches that need many stored cases
// (queue counts, exports): a case as the table holds it, every column present, with what a bench
// varies laid over it. Such rows bypass the workflow, so nothing else (events, counters, roll-ups)
// is written with them.

/** The i-th stored case, created at `created` (ISO), with `fields` laid over the defaults. */
export function storedCaseRow(i, created, fields = {}) {
  return {
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    tracking_number: `HL${created.slice(0, 10).replaceAll('-', '')}-${String(i % 1_000_000).padStart(6, '0')}`,
    version: 1,
    status: 'submitted',
    deadline_state: 'normal',
    supervised: 0,
    problem: 0,
    extension_pending: 0,
    reopen_pending: 0,
    demand_type: 'complaint',
    urgency: 'normal',
    channel: 'phone',
    category_code: '010101',
    description: `第${i}号诉求：小区路灯不亮，请尽快处理。`,
    address: null,
    lat: null,
    lng: null,
    location_accuracy_m: null,
    location_crs: null,
    township_code: null,
    village_code: null,
    filer_user_id: null,
    contact_name: '测试',
    contact_phone_enc: null,
    contact_phone_hash: null,
    anonymous: 0,
    consent_version: null,
    call_id: null,
    callback_wanted: 0,
    lead_unit_id: null,
    assignee_unit_id: null,
    responsible_township_unit_id: null,
    step: null,
    step_started_at: null,
    warn_at: null,
    due_at: null,
    parent_case_id: null,
    media_ids: '[]',
    state_json: '{}',
    created_at: created,
    updated_at: created,
    closed_at: null,
    ...fields,
  };
}
