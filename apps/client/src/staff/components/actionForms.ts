// What the action panel's forms fill in, and the body each form kind sends. The catalogue in
// @hotline/core gives every workspace action its form kind; this turns a filled-in draft of that
// kind into the action's body, or null while something required is missing.
import type { StaffAction, StaffActionBodies } from '@hotline/api-client';
import type { ActionForm, ActionFormKind, StaffCaseDetail } from '@hotline/core';

export interface Draft {
  text: string;
  note: string;
  days: string;
  decision: string | null;
  unitId: string | null;
  /** Assisting units (协办) of a dispatch or re-dispatch. */
  assisting: string[];
  urgency: StaffCaseDetail['urgency'];
  /** The parent case a merge goes into, once found by its tracking number. */
  parentId: string | null;
  satisfaction: string | null;
  solved: boolean;
  mediaIds: string[];
  knowledgeId: string | null;
}

export const emptyDraft = (urgency: StaffCaseDetail['urgency'] = 'normal'): Draft => ({
  text: '',
  note: '',
  days: '3',
  decision: null,
  unitId: null,
  assisting: [],
  urgency,
  parentId: null,
  satisfaction: null,
  solved: true,
  mediaIds: [],
  knowledgeId: null,
});

type Body = Record<string, unknown>;

/** The chosen assisting units, never the lead itself. */
export const assistingIds = (d: Draft) => d.assisting.filter((id) => id !== d.unitId);
/** A lead unit picked from the dispatch catalogue goes with its assisting units. */
const leadOf = (d: Draft) => ({ leadUnitId: d.unitId, assistingUnitIds: assistingIds(d) });
type FormOf<K extends ActionFormKind> = Extract<ActionForm, { kind: K }>;

/** One builder per form kind: the compiler refuses a kind the catalogue adds without one here. */
const bodyBuilders: { [K in ActionFormKind]: (form: FormOf<K>, d: Draft, text: string, note?: string) => Body | null } = {
  confirm: () => ({}),
  note: (_f, _d, _t, note) => ({ note }),
  urgency: (_f, d) => ({ urgency: d.urgency }),
  text: (form, d, text) => {
    // A merge names its parent by tracking number; it sends the case found by it.
    if (form.field === 'parentCaseId') return d.parentId ? { parentCaseId: d.parentId } : null;
    return text ? { [form.field]: text } : null;
  },
  knowledge: (_f, d, text) => (d.knowledgeId ? { knowledgeEntryId: d.knowledgeId, ...(text ? { text } : {}) } : null),
  unit: (form, d, _t, note) => {
    if (!d.unitId) return null;
    return form.pick === 'dispatch' ? { ...leadOf(d), note } : { [form.field]: d.unitId, note };
  },
  decision: (form, d, _t, note) => {
    if (!d.decision || !form.options.includes(d.decision)) return null;
    if (d.decision !== form.unitFor) return { decision: d.decision, note };
    return d.unitId ? { decision: d.decision, ...leadOf(d), note } : null;
  },
  days: (_f, d, text) => {
    const days = Number(d.days);
    return Number.isInteger(days) && days >= 1 && text ? { workingDays: days, reason: text } : null;
  },
  report: (_f, d, text) => (text ? { text, mediaIds: d.mediaIds } : null),
  callback: (_f, d, _t, note) => (d.satisfaction ? { satisfaction: d.satisfaction, solved: d.solved, note } : null),
};

export const formKinds = Object.keys(bodyBuilders) as ActionFormKind[];

/** The body an action's form sends, or null while a required field is empty. */
export function bodyOf<A extends StaffAction>(form: ActionForm, draft: Draft): StaffActionBodies[A] | null {
  const build = bodyBuilders[form.kind] as (f: ActionForm, d: Draft, text: string, note?: string) => Body | null;
  return build(form, draft, draft.text.trim(), draft.note.trim() || undefined) as StaffActionBodies[A] | null;
}

/** Whether the form shows the long text field, and whether it shows the optional note. */
export const takesText = (form: ActionForm) => ['text', 'knowledge', 'days', 'report'].includes(form.kind);
export const takesNote = (form: ActionForm) => ['note', 'unit', 'decision', 'callback'].includes(form.kind);
/** Whether the form (for this decision) needs the dispatch catalogue's suggestions. */
export const picksDispatchUnit = (form: ActionForm, decision?: string | null) =>
  (form.kind === 'unit' && form.pick === 'dispatch') ||
  (form.kind === 'decision' && form.unitFor !== undefined && (decision === undefined || decision === form.unitFor));
