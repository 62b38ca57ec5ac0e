// Moderating a typical case before it is published: the filer is named surname + 先生/女士 (the
// moderator says which), the texts are edited (the server removes phone and ID numbers and the
// name again on save), photos are chosen and the areas to blur marked by tapping two opposite
// corners; then publish or take down. Opened from a closed case (caseId) or a draft (id).
import { useEffect, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Image, Text, Textarea, View } from '@tarojs/components';
import { isApiError } from '@hotline/api-client';
import type { Disclosure, UpdateDisclosureRequest } from '@hotline/core';
import { Button } from '@/components/nutui';
import { staffText } from '@/locales/zh-CN.staff';
import { roleProps } from '@/lib/a11y';
import { mediaUrl } from '@/platform';
import { type BlurRect, rectFrom } from '../../lib/blurRect';
import { useRequireStaff } from '../../lib/session';
import { disclosureApi } from '../../services/staffApi';
import '../../staff.css';

const t = staffText.disclosure;
type Chosen = { mediaId: string; blur: BlurRect[] };

export default function DisclosurePage() {
  const user = useRequireStaff();
  const params = useRouter().params ?? {};
  const [draft, setDraft] = useState<Disclosure | null>(null);
  const [form, setForm] = useState({ title: '', description: '', reply: '' });
  const [chosen, setChosen] = useState<Chosen[]>([]);
  const [corner, setCorner] = useState<{ mediaId: string; x: number; y: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const show = (d: Disclosure) => {
    setDraft(d);
    setForm({ title: d.title, description: d.description, reply: d.reply ?? '' });
    setChosen(d.chosenPhotos);
  };
  const run = async (work: () => Promise<Disclosure>) => {
    setBusy(true);
    setError(null);
    try {
      show(await work());
    } catch (e) {
      setError(isApiError(e) ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  useEffect(() => {
    if (user && params.id) void run(() => disclosureApi.get(params.id!));
  }, [user, params.id]);

  async function tapPhoto(mediaId: string, event: { detail?: { x?: number; y?: number } }) {
    const rect = await new Promise<{ left: number; top: number; width: number; height: number } | null>((resolve) =>
      Taro.createSelectorQuery().select(`#photo-${mediaId}`).boundingClientRect((r) => resolve(r as never)).exec(),
    );
    const scroll = await new Promise<{ scrollTop: number; scrollLeft: number }>((resolve) =>
      Taro.createSelectorQuery().selectViewport().scrollOffset((r) => resolve(r as never)).exec(),
    );
    if (!rect || event.detail?.x === undefined || event.detail.y === undefined) return;
    const point = {
      x: (event.detail.x - scroll.scrollLeft - rect.left) / rect.width,
      y: (event.detail.y - scroll.scrollTop - rect.top) / rect.height,
    };
    if (!corner || corner.mediaId !== mediaId) return setCorner({ mediaId, ...point });
    setChosen((list) => list.map((c) => (c.mediaId === mediaId ? { ...c, blur: [...c.blur, rectFrom(corner, point)] } : c)));
    setCorner(null);
  }

  if (!user) return null;
  if (!draft) {
    return (
      <View className="page staff" {...roleProps('main')}>
        <View className="card">
          <Text className="staff-section">{t.whoIsFiler}</Text>
          <View className="staff-row">
            {(['ms', 'mr'] as const).map((title) => (
              <Button key={title} loading={busy} onClick={() => void run(() => disclosureApi.create(params.caseId ?? '', title))}>
                {t.filerTitle[title]}
              </Button>
            ))}
          </View>
          {error && <Text className="staff-error">{error}</Text>}
        </View>
      </View>
    );
  }

  const body: UpdateDisclosureRequest = { ...form, photos: chosen };
  return (
    <View className="page staff" {...roleProps('main')}>
      <View className="card">
        <Text className="staff-section">{`${draft.trackingNumber} · ${t.status[draft.status]}`}</Text>
        {!draft.consent && <Text className="staff-error">{t.noConsent}</Text>}
        <Text className="staff-label">{t.fields.title}</Text>
        <Textarea className="staff-textarea" value={form.title} ariaLabel={t.fields.title} onInput={(e) => setForm({ ...form, title: e.detail.value })} />
        <Text className="staff-label">{t.fields.description}</Text>
        <Textarea className="staff-textarea" value={form.description} maxlength={2000} ariaLabel={t.fields.description} onInput={(e) => setForm({ ...form, description: e.detail.value })} />
        <Text className="staff-label">{t.fields.reply}</Text>
        <Textarea className="staff-textarea" value={form.reply} maxlength={2000} ariaLabel={t.fields.reply} onInput={(e) => setForm({ ...form, reply: e.detail.value })} />
      </View>
      <View className="card">
        <Text className="staff-section">{draft.anonymous ? t.anonymousNoPhotos : t.photosHint}</Text>
        {draft.candidatePhotos.map((p, index) => {
          const pick = chosen.find((c) => c.mediaId === p.mediaId);
          return (
            <View key={p.mediaId} className="staff-disclosure__photo">
              <View
                className="staff-row"
                hoverClass="none"
                ariaRole="checkbox"
                aria-checked={Boolean(pick)}
                onClick={() => setChosen(pick ? chosen.filter((c) => c !== pick) : [...chosen, { mediaId: p.mediaId, blur: [] }])}
              >
                {`${pick ? '☑' : '☐'} ${t.publishPhoto}`}
              </View>
              <View id={`photo-${p.mediaId}`} className="staff-disclosure__frame" onClick={(e) => pick && void tapPhoto(p.mediaId, e as never)}>
                <Image className="staff-disclosure__image" mode="widthFix" src={mediaUrl(p.url)} nativeProps={{ alt: staffText.detail.photo(index + 1) }} />
                {pick?.blur.map((r, i) => (
                  <View
                    key={i}
                    className="staff-disclosure__blur"
                    style={{ left: `${r.x * 100}%`, top: `${r.y * 100}%`, width: `${r.w * 100}%`, height: `${r.h * 100}%` }}
                  />
                ))}
              </View>
              {pick && (
                <View className="staff-row">
                  <Text className="muted">{corner?.mediaId === p.mediaId ? t.secondCorner : t.firstCorner}</Text>
                  <Button size="small" onClick={() => setChosen(chosen.map((c) => (c === pick ? { ...c, blur: [] } : c)))}>
                    {t.clearBlur}
                  </Button>
                </View>
              )}
            </View>
          );
        })}
      </View>
      <View className="card staff-row">
        {error && <Text className="staff-error">{error}</Text>}
        <Button loading={busy} onClick={() => void run(() => disclosureApi.update(draft.id, body))}>
          {t.save}
        </Button>
        {draft.status !== 'published' ? (
          <Button
            type="primary"
            loading={busy}
            onClick={() =>
              void run(async () => {
                await disclosureApi.update(draft.id, body);
                return disclosureApi.publish(draft.id);
              })
            }
          >
            {t.publish}
          </Button>
        ) : (
          <Button loading={busy} onClick={() => void run(() => disclosureApi.unpublish(draft.id))}>
            {t.unpublish}
          </Button>
        )}
      </View>
    </View>
  );
}
