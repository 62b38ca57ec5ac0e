// The buttons for what the state machine lets this reader do now (the detail's allowedActions),
// each opening the small form its action needs; every action sends the version the reader saw.
import { useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { Input, Text, Textarea, View } from '@tarojs/components';
import { isApiError, type StaffAction, type StaffActionBodies } from '@hotline/api-client';
import {
  actionRoles,
  caseActionTypes,
  recommendedDispatch,
  roles,
  type DispatchSuggestions,
  type KnowledgeSearchResponse,
  type SessionUser,
  type StaffCaseDetail,
  type StaffCaseSummary,
} from '@hotline/core';
import { Button } from '@/components/nutui';
import { dayjs } from '@/lib/dayjs';
import { staffText as t } from '@/locales/zh-CN.staff';
import { staffApi, uploadPhoto } from '../services/staffApi';
import { useDirectory } from '../stores';
import { villagesOf } from '../stores/directory';
import { Choices, type Choice } from './Choices';
import { notice } from '@/lib/notice';

/** Actions staff may fire on an existing case, from core's role table (filing is not a case button). */
const isRole = (role: string) => (roles as readonly string[]).includes(role);
const STAFF_ACTIONS = new Set<string>(
  caseActionTypes.filter(
    (type) => type !== 'submit' && actionRoles(type).some((role) => role !== 'resident' && isRole(role)),
  ),
);
/** Fired at once, without a form. */
const DIRECT = new Set<StaffAction>(['sign', 'take_back']);
const TRACKING_NUMBER = /^HL\d{8}-\d{6}$/;

interface Draft {
  text: string;
  note: string;
  days: string;
  decision: string | null;
  unitId: string | null;
  /** Assisting units (协办) of a dispatch or re-dispatch. */
  assisting: string[];
  urgency: StaffCaseDetail['urgency'];
  satisfaction: string | null;
  solved: boolean;
  mediaIds: string[];
  knowledgeId: string | null;
}

const emptyDraft = (urgency: StaffCaseDetail['urgency'] = 'normal'): Draft => ({
  text: '',
  note: '',
  days: '3',
  decision: null,
  unitId: null,
  assisting: [],
  urgency,
  satisfaction: null,
  solved: true,
  mediaIds: [],
  knowledgeId: null,
});

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

  const actions = detail.allowedActions.filter((a): a is StaffAction => STAFF_ACTIONS.has(a));
  const patch = (p: Partial<Draft>) => setDraft((d) => ({ ...d, ...p }));

  useEffect(() => {
    void loadDirectory();
  }, [loadDirectory]);

  useEffect(() => {
    if (open !== 'dispatch' && open !== 'rule_return') return;
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
    if (DIRECT.has(action)) {
      void send(action, {} as StaffActionBodies[typeof action]);
      return;
    }
    setOpen(action);
    if (action === 'answer') void searchKnowledge(detail.description.slice(0, 20));
  }

  /** Merging names the parent by its tracking number; the operator sees it before confirming. */
  async function findParent() {
    const number = draft.text.trim().toUpperCase();
    setParent(null);
    if (!TRACKING_NUMBER.test(number)) return setError(t.form.parentFormat);
    setError(null);
    try {
      const found = await staffApi.caseByTrackingNumber(number);
      if (found.id === detail.id) return setError(t.form.parentIsSelf);
      setParent(found);
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
      const picked = await Taro.chooseImage({
        count: 9 - draft.mediaIds.length,
        sizeType: ['compressed'],
        sourceType: ['album', 'camera'],
      });
      setUploading(true);
      const ids: string[] = [];
      for (const path of picked.tempFilePaths) ids.push((await uploadPhoto(path)).id);
      setDraft((d) => ({ ...d, mediaIds: [...d.mediaIds, ...ids] }));
    } catch (e) {
      if (isApiError(e)) setError(t.detail.failed(errorMessage(e)));
    } finally {
      setUploading(false);
    }
  }

  function submit() {
    if (!open) return;
    const note = draft.note.trim() || undefined;
    const text = draft.text.trim();
    const need = (ok: boolean) => {
      if (!ok) setError(t.form.required);
      return ok;
    };
    switch (open) {
      case 'reject':
      case 'return':
        if (need(text.length > 0)) void send(open, { reason: text });
        return;
      case 'request_info':
        if (need(text.length > 0)) void send(open, { question: text });
        return;
      case 'merge':
        if (parent) void send(open, { parentCaseId: parent.id });
        else void findParent();
        return;
      case 'answer':
        if (need(draft.knowledgeId !== null))
          void send(open, { knowledgeEntryId: draft.knowledgeId!, ...(text ? { text } : {}) });
        return;
      case 'accept':
        void send(open, { urgency: draft.urgency });
        return;
      case 'dispatch':
        if (need(draft.unitId !== null))
          void send(open, { leadUnitId: draft.unitId!, assistingUnitIds: assistingIds(), note });
        return;
      case 'rule_return':
        if (draft.decision === 'uphold') void send(open, { decision: 'uphold', note });
        else if (need(draft.decision === 'redispatch' && draft.unitId !== null))
          void send(open, { decision: 'redispatch', leadUnitId: draft.unitId!, assistingUnitIds: assistingIds(), note });
        return;
      case 'forward':
        if (need(draft.unitId !== null)) void send(open, { villageUnitId: draft.unitId!, note });
        return;
      case 'request_extension': {
        const days = Number(draft.days);
        if (need(Number.isInteger(days) && days >= 1 && text.length > 0))
          void send(open, { workingDays: days, reason: text });
        return;
      }
      case 'rule_extension':
        if (need(draft.decision === 'grant' || draft.decision === 'refuse'))
          void send(open, { decision: draft.decision as 'grant' | 'refuse', note });
        return;
      case 'review':
        if (need(draft.decision === 'approve' || draft.decision === 'send_back'))
          void send(open, { decision: draft.decision as 'approve' | 'send_back', note });
        return;
      case 'rule_reopen':
        if (need(draft.decision === 'uphold' || draft.decision === 'refuse'))
          void send(open, { decision: draft.decision as 'uphold' | 'refuse', note });
        return;
      case 'reply':
      case 'contribute':
        if (need(text.length > 0)) void send(open, { text, mediaIds: draft.mediaIds });
        return;
      case 'callback':
        if (need(draft.satisfaction !== null))
          void send(open, {
            satisfaction: draft.satisfaction as StaffActionBodies['callback']['satisfaction'],
            solved: draft.solved,
            note,
          });
        return;
      case 'urge':
      case 'supervise':
        void send(open, { note });
        return;
      default:
        void send(open, {} as never);
    }
  }

  /** The chosen assisting units, never the lead itself. */
  const assistingIds = () => draft.assisting.filter((id) => id !== draft.unitId);
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

  const textLabel =
    open === 'reject' || open === 'return' ? t.form.reason : open === 'request_extension' ? t.form.reason : t.form.text;
  const needsText =
    open !== null &&
    ![
      'accept',
      'dispatch',
      'forward',
      'rule_return',
      'rule_extension',
      'review',
      'rule_reopen',
      'callback',
      'urge',
      'supervise',
    ].includes(open);
  const needsNote =
    open !== null &&
    [
      'dispatch',
      'forward',
      'rule_return',
      'rule_extension',
      'review',
      'rule_reopen',
      'callback',
      'urge',
      'supervise',
    ].includes(open);

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

      {open && (
        <View className="staff-form" data-action={open}>
          <Text className="staff-form__title">{t.events[open]}</Text>

          {(open === 'dispatch' || (open === 'rule_return' && draft.decision === 'redispatch')) && (
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
                values={assistingIds()}
                onChange={toggleAssisting}
              />
            </>
          )}
          {open === 'accept' && (
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
          {open === 'forward' && (
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
          {open === 'rule_return' && (
            <Choices
              label={t.events.rule_return!}
              options={[
                { value: 'redispatch', label: t.form.redispatch },
                { value: 'uphold', label: t.form.uphold },
              ]}
              value={draft.decision}
              onChange={(decision) => patch({ decision })}
            />
          )}
          {(open === 'rule_extension' || open === 'review' || open === 'rule_reopen') && (
            <Choices
              label={t.events[open]!}
              options={
                open === 'review'
                  ? [
                      { value: 'approve', label: t.form.approve },
                      { value: 'send_back', label: t.form.sendBack },
                    ]
                  : [
                      { value: open === 'rule_extension' ? 'grant' : 'uphold', label: t.form.grant },
                      { value: 'refuse', label: t.form.refuse },
                    ]
              }
              value={draft.decision}
              onChange={(decision) => patch({ decision })}
            />
          )}
          {open === 'callback' && (
            <>
              <Choices
                label={t.events.callback!}
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
          {open === 'answer' && (
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
          {open === 'request_extension' && (
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
          {open === 'merge' && (
            <>
              <Text className="staff-label">{t.form.parentCase}</Text>
              <Input
                className="staff-input"
                value={draft.text}
                placeholder={t.form.parentCasePlaceholder}
                ariaLabel={t.form.parentCase}
                onInput={(e) => {
                  patch({ text: e.detail.value });
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
          {needsText && open !== 'merge' && (
            <Textarea
              className="staff-textarea"
              value={draft.text}
              placeholder={textLabel}
              ariaLabel={textLabel}
              maxlength={2000}
              onInput={(e) => patch({ text: e.detail.value })}
            />
          )}
          {needsNote && (
            <Input
              className="staff-input"
              value={draft.note}
              placeholder={t.form.note}
              ariaLabel={t.form.note}
              onInput={(e) => patch({ note: e.detail.value })}
            />
          )}
          {(open === 'reply' || open === 'contribute') && (
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
            {open === 'merge' && parent ? t.form.confirmMerge : open === 'merge' ? t.form.findParent : t.form.submit}
          </Button>
        </View>
      )}
      {!open && error && <Text className="staff-error">{error}</Text>}
    </View>
  );
}
