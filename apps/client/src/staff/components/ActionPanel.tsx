// The buttons for what the state machine lets this reader do now (the detail's allowedActions),
// each opening the form of the kind the action catalogue gives it (actionForms.ts turns a filled-in
// form into the body); every action sends the version the reader saw.
import { useEffect, useState } from 'react';
import { Input, Text, Textarea, View } from '@tarojs/components';
import { isApiError, type StaffAction, type StaffActionBodies } from '@hotline/api-client';
import {
  can,
  recommendedDispatch,
  workspaceActionOf,
  workspaceActionTypes,
  type ActionForm,
  type DispatchSuggestions,
  type KnowledgeSearchResponse,
  type SessionUser,
  type StaffCaseDetail,
  type StaffCaseSummary,
} from '@hotline/core';
import { Button } from '@/components/nutui';
import { dayjs } from '@/lib/dayjs';
import { staffText as t } from '@/locales/zh-CN.staff';
import { compressPhoto, pickPhotos } from '@/platform/media';
import { uploadPhoto } from '@/services/upload';
import { staffApi } from '../services/staffApi';
import { useDirectory } from '../stores';
import { villagesOf } from '../stores/directory';
import { Choices, type Choice } from './Choices';
import { assistingIds, bodyOf, emptyDraft, picksDispatchUnit, takesNote, takesText, type Draft } from './actionForms';
import { notice } from '@/lib/notice';

/** The buttons: what the machine allows this reader now, among the catalogue's workspace actions their role holds. */
const staffActionsOf = (detail: StaffCaseDetail, user: SessionUser): StaffAction[] =>
  detail.allowedActions.filter(
    (a): a is StaffAction =>
      (workspaceActionTypes as readonly string[]).includes(a) && can(user.role, `action.${a as StaffAction}`),
  );

const TRACKING_NUMBER = /^HL\d{8}-\d{6}$/;

function errorMessage(error: unknown): string {
  if (isApiError(error)) return error.message || error.code;
  return String(error);
}

export function ActionPanel({ detail, user, onDone }: { detail: StaffCaseDetail; user: SessionUser; onDone(): void }) {
  const directory = useDirectory((s) => s.directory);
  const loadDirectory = useDirectory((s) => s.load);
  const [open, setOpen] = useState<StaffAction | null>(null);
  const [draft, setDraft] = useState<Draft>(emptyDraft);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pushDown, setPushDown] = useState<string | null>(null);
  const [suggestions, setSuggestions] = useState<DispatchSuggestions | null>(null);
  const [knowledge, setKnowledge] = useState<KnowledgeSearchResponse['items']>([]);
  const [uploading, setUploading] = useState(false);
  const [parent, setParent] = useState<StaffCaseSummary | null>(null);

  const actions = staffActionsOf(detail, user);
  const form: ActionForm | null = open ? workspaceActionOf(open).form : null;
  const patch = (p: Partial<Draft>) => setDraft((d) => ({ ...d, ...p }));

  useEffect(() => {
    void loadDirectory();
  }, [loadDirectory]);

  useEffect(() => {
    if (!open || !picksDispatchUnit(workspaceActionOf(open).form)) return;
    staffApi.dispatchSuggestions(detail.id).then(
      (s) => {
        setSuggestions(s);
        const recommended = recommendedDispatch(s);
        if (recommended)
          setDraft((d) =>
            d.unitId ? d : { ...d, unitId: recommended.leadUnitId, assisting: recommended.assistingUnitIds },
          );
        if (s.pushDownForbidden) setPushDown(s.explanation);
      },
      () => setSuggestions(null),
    );
  }, [open, detail.id]);

  function start(action: StaffAction) {
    setError(null);
    setPushDown(null);
    setParent(null);
    setDraft(emptyDraft(detail.urgency));
    const kind = workspaceActionOf(action).form.kind;
    if (kind === 'confirm') {
      void send(action, {} as StaffActionBodies[typeof action]);
      return;
    }
    setOpen(action);
    if (kind === 'knowledge') void searchKnowledge(detail.description.slice(0, 20));
  }

  /** Merging names the parent by its tracking number; the operator sees it before confirming. */
  async function findParent() {
    const number = draft.text.trim().toUpperCase();
    setParent(null);
    patch({ parentId: null });
    if (!TRACKING_NUMBER.test(number)) return setError(t.form.parentFormat);
    setError(null);
    try {
      const found = await staffApi.caseByTrackingNumber(number);
      if (found.id === detail.id) return setError(t.form.parentIsSelf);
      setParent(found);
      patch({ parentId: found.id });
    } catch (e) {
      setError(isApiError(e) && e.code === 'CASE_NOT_FOUND' ? t.form.parentNotFound(number) : errorMessage(e));
    }
  }

  async function searchKnowledge(q: string) {
    if (!q.trim()) return;
    try {
      setKnowledge((await staffApi.searchKnowledge(q.trim(), 5)).items);
    } catch {
      setKnowledge([]);
    }
  }

  async function send<A extends StaffAction>(action: A, body: StaffActionBodies[A]) {
    setBusy(true);
    setError(null);
    try {
      await staffApi.act(detail.id, action, { ...body, expectedVersion: detail.version });
      setOpen(null);
      notice(t.detail.done, 'success');
      onDone();
    } catch (e) {
      if (isApiError(e) && e.code === 'DISPATCH_PUSH_DOWN_FORBIDDEN') setPushDown(e.message);
      setError(t.detail.failed(errorMessage(e)));
    } finally {
      setBusy(false);
    }
  }

  async function addPhotos() {
    try {
      const picked = await pickPhotos(9 - draft.mediaIds.length);
      if (picked.length === 0) return;
      setUploading(true);
      const ids: string[] = [];
      // Compressed on the phone like a resident's photos, then through the same uploader.
      for (const photo of picked) ids.push((await uploadPhoto((await compressPhoto(photo)).path)).id);
      setDraft((d) => ({ ...d, mediaIds: [...d.mediaIds, ...ids] }));
    } catch (e) {
      if (isApiError(e)) setError(t.detail.failed(errorMessage(e)));
    } finally {
      setUploading(false);
    }
  }

  function submit() {
    if (!open || !form) return;
    if (findsParent && !draft.parentId) return void findParent();
    const body = bodyOf(form, draft);
    if (body === null) setError(t.form.required);
    else void send(open, body);
  }

  const toggleAssisting = (id: string) =>
    setDraft((d) => ({
      ...d,
      assisting: d.assisting.includes(id) ? d.assisting.filter((x) => x !== id) : [...d.assisting, id],
    }));

  const unitChoices = (role: 'lead' | 'assisting' = 'lead'): Choice[] => {
    const seen = new Set<string>();
    const out: Choice[] = [];
    for (const s of suggestions?.suggestions ?? []) {
      for (const u of s[role]) {
        if (seen.has(u.unitId)) continue;
        seen.add(u.unitId);
        out.push({ value: u.unitId, label: `${u.name}（${t.form.suggested}）` });
      }
    }
    for (const u of directory?.units ?? []) {
      if ((u.kind === 'department' || u.kind === 'township') && !seen.has(u.id))
        out.push({ value: u.id, label: u.name });
    }
    return role === 'assisting' ? out.filter((c) => c.value !== draft.unitId) : out;
  };
  const contributions = detail.timeline.filter((e) => e.type === 'contribute');

  /** A merge's form finds the parent case by tracking number before it sends. */
  const findsParent = form?.kind === 'text' && form.field === 'parentCaseId';
  const textLabel =
    form?.kind === 'days' || (form?.kind === 'text' && form.field === 'reason')
      ? t.form.reason
      : t.form.text;

  return (
    <View className="card staff-actions">
      <Text className="staff-section">{t.detail.actions}</Text>
      {actions.length === 0 && <Text className="muted">{t.detail.noActions}</Text>}
      <View className="staff-actions__buttons">
        {actions.map((a) => (
          <Button
            key={a}
            size="small"
            type={open === a ? 'primary' : 'default'}
            disabled={busy}
            onClick={() => start(a)}
          >
            {t.events[a] ?? a}
          </Button>
        ))}
      </View>

      {open && form && (
        <View className="staff-form" data-action={open} data-form={form.kind}>
          <Text className="staff-form__title">{t.events[open]}</Text>

          {form.kind === 'decision' && (
            <Choices
              label={t.events[open]!}
              options={form.options.map((value) => ({ value, label: t.form.decisions[open]?.[value] ?? value }))}
              value={draft.decision}
              onChange={(decision) => patch({ decision })}
            />
          )}
          {picksDispatchUnit(form, draft.decision) && (
            <>
              <Text className="staff-label">{t.form.leadUnit}</Text>
              <Choices
                label={t.form.leadUnit}
                options={unitChoices()}
                value={draft.unitId}
                onChange={(unitId) => patch({ unitId })}
              />
              <Text className="staff-label">{t.form.assistingUnits}</Text>
              <Choices
                label={t.form.assistingUnits}
                multiple
                options={unitChoices('assisting')}
                values={assistingIds(draft)}
                onChange={toggleAssisting}
              />
            </>
          )}
          {form.kind === 'urgency' && (
            <>
              <Text className="staff-label">{t.form.urgency}</Text>
              <Choices
                label={t.form.urgency}
                options={[
                  { value: 'normal', label: t.form.urgencyNormal },
                  { value: 'urgent', label: t.form.urgencyUrgent },
                ]}
                value={draft.urgency}
                onChange={(urgency) => patch({ urgency: urgency as Draft['urgency'] })}
              />
            </>
          )}
          {(open === 'reply' || open === 'review') && contributions.length > 0 && (
            <View className="staff-contributions">
              <Text className="staff-label">{t.form.contributions(contributions.length)}</Text>
              {contributions.map((c) => (
                <View key={c.seq} className="staff-contribution" data-unit={c.actor.unitId ?? ''}>
                  <Text className="staff-contribution__unit">
                    {[c.actor.unitName, dayjs(c.at).format('M月D日 HH:mm')].filter(Boolean).join(' · ')}
                  </Text>
                  <Text>{typeof c.payload.text === 'string' ? c.payload.text : ''}</Text>
                  {Array.isArray(c.payload.mediaIds) && c.payload.mediaIds.length > 0 && (
                    <Text className="muted">{t.form.photoCount(c.payload.mediaIds.length)}</Text>
                  )}
                </View>
              ))}
            </View>
          )}
          {form.kind === 'unit' && form.pick === 'village' && (
            <>
              <Text className="staff-label">{t.form.village}</Text>
              <Choices
                label={t.form.village}
                options={villagesOf(directory, user.unitId).map((u) => ({ value: u.id, label: u.name }))}
                value={draft.unitId}
                onChange={(unitId) => patch({ unitId })}
              />
            </>
          )}
          {form.kind === 'callback' && (
            <>
              <Choices
                label={t.events[open]!}
                options={Object.entries(t.satisfaction).map(([value, label]) => ({ value, label }))}
                value={draft.satisfaction}
                onChange={(satisfaction) => patch({ satisfaction })}
              />
              <Choices
                label={t.form.solved}
                options={[
                  { value: 'yes', label: t.form.solved },
                  { value: 'no', label: t.form.unsolved },
                ]}
                value={draft.solved ? 'yes' : 'no'}
                onChange={(v) => patch({ solved: v === 'yes' })}
              />
            </>
          )}
          {form.kind === 'knowledge' && (
            <>
              <Input
                className="staff-input"
                placeholder={t.intake.knowledgeSearch}
                ariaLabel={t.intake.knowledgeSearch}
                onConfirm={(e) => void searchKnowledge(e.detail.value)}
                onInput={(e) => void searchKnowledge(e.detail.value)}
              />
              <Choices
                label={t.form.knowledge}
                options={knowledge.map((k) => ({ value: k.id, label: k.title }))}
                value={draft.knowledgeId}
                onChange={(knowledgeId) =>
                  patch({ knowledgeId, text: knowledge.find((k) => k.id === knowledgeId)?.answer ?? '' })
                }
              />
            </>
          )}
          {form.kind === 'days' && (
            <>
              <Text className="staff-label">{t.form.days}</Text>
              <Input
                className="staff-input"
                type="number"
                value={draft.days}
                ariaLabel={t.form.days}
                onInput={(e) => patch({ days: e.detail.value })}
              />
            </>
          )}
          {findsParent && (
            <>
              <Text className="staff-label">{t.form.parentCase}</Text>
              <Input
                className="staff-input"
                value={draft.text}
                placeholder={t.form.parentCasePlaceholder}
                ariaLabel={t.form.parentCase}
                onInput={(e) => {
                  patch({ text: e.detail.value, parentId: null });
                  setParent(null);
                }}
                onConfirm={() => void findParent()}
              />
              <Button size="small" onClick={() => void findParent()}>
                {t.form.findParent}
              </Button>
              {parent && (
                <View className="staff-parent" data-parent={parent.trackingNumber}>
                  <Text className="staff-case__number">{parent.trackingNumber}</Text>
                  <Text className="muted">
                    {[t.status[parent.status] ?? parent.status, dayjs(parent.createdAt).format('M月D日 HH:mm')].join(' · ')}
                  </Text>
                  <Text className="staff-text">{parent.description}</Text>
                  <Text className="muted">{t.form.mergeInto(parent.trackingNumber)}</Text>
                </View>
              )}
            </>
          )}
          {takesText(form) && !findsParent && (
            <Textarea
              className="staff-textarea"
              value={draft.text}
              placeholder={textLabel}
              ariaLabel={textLabel}
              maxlength={2000}
              onInput={(e) => patch({ text: e.detail.value })}
            />
          )}
          {takesNote(form) && (
            <Input
              className="staff-input"
              value={draft.note}
              placeholder={t.form.note}
              ariaLabel={t.form.note}
              onInput={(e) => patch({ note: e.detail.value })}
            />
          )}
          {form.kind === 'report' && (
            <View className="staff-photos">
              <Button size="small" disabled={uploading || draft.mediaIds.length >= 9} onClick={() => void addPhotos()}>
                {t.form.photos}
              </Button>
              <Text className="muted">{uploading ? t.form.uploading : t.form.photoCount(draft.mediaIds.length)}</Text>
            </View>
          )}
          {pushDown !== null && (
            <View className="staff-warning" ariaRole="alert">
              <Text className="staff-warning__title">{t.pushDown.title}</Text>
              <Text>{t.pushDown.rule}</Text>
              {pushDown && <Text>{pushDown}</Text>}
            </View>
          )}
          {error && <Text className="staff-error">{error}</Text>}
          <Button type="primary" block loading={busy} disabled={uploading} onClick={submit}>
            {findsParent ? (parent ? t.form.confirmMerge : t.form.findParent) : t.form.submit}
          </Button>
        </View>
      )}
      {!open && error && <Text className="staff-error">{error}</Text>}
    </View>
  );
}
