// Filing a demand: type and category, description, photos (compressed on the phone, uploaded
// one by one with progress and retry), location, contact, anonymity and consent. Nearby open
// cases of the same category are offered first. The draft, its photos and its Idempotency-Key
// live on the device until the server answers, so no retry or restart ever files twice.
import { useEffect, useRef, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Image, Input, Text, Textarea, View } from '@tarojs/components';
import { checkAnswers, type AnswerValue, type NearbyResponse } from '@hotline/core';
import { caseLinkFor } from '@hotline/core/links';
import { Button } from '@/components/nutui';
import { CategoryPicker } from '@/components/CategoryPicker';
import { PageHeading, Tappable } from '@/components/Tappable';
import { Toggle } from '@/components/Toggle';
import { problemsByQuestion, QuestionFields } from '@/components/QuestionFields';
import { PRIVACY_CONSENT_VERSION } from '@/constants';
import { roleProps } from '@/lib/a11y';
import { dayjs } from '@/lib/dayjs';
import { errorMessage } from '@/locales/errors';
import { t } from '@/locales/zh-CN';
import { canChoosePlace, choosePlace, currentLocation, LocationError } from '@/platform/location';
import { compressPhoto, pickPhotos } from '@/platform/media';
import { voice, VoiceError } from '@/platform/voice';
import { api } from '@/services/api';
import { uploadPhoto } from '@/services/upload';
import { useAuth } from '@/stores/auth';
import { useCatalogue } from '@/stores/catalogue';
import { usePreferences } from '@/stores/preferences';
import { hasContent, useReportDraft, type DemandType } from '@/stores/reportDraft';
import './index.css';
import { noticeAfter } from '@/lib/notice';

const MAX_DESCRIPTION = 2000;
const MAX_PHOTOS = 9;
const DEMAND_TYPES = Object.keys(t.report.demandTypes) as DemandType[];

interface PendingPhoto {
  key: number;
  path: string;
  size: number;
  progress: number;
  failed: boolean;
}

let photoKeys = 0;

export default function ReportPage() {
  const largeText = usePreferences((s) => s.largeText);
  const signedIn = useAuth((s) => s.session !== null);
  const draft = useReportDraft();
  const router = useRouter();
  const [restored] = useState(() => hasContent(useReportDraft.getState()));
  const [picking, setPicking] = useState(false);
  const [pending, setPending] = useState<PendingPhoto[]>([]);
  const [locating, setLocating] = useState(false);
  const [locationNote, setLocationNote] = useState<string | null>(null);
  const [phoneMasked, setPhoneMasked] = useState<string | null>(null);
  const [nearby, setNearby] = useState<NearbyResponse['items']>([]);
  const [consent, setConsent] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [listening, setListening] = useState(false);
  const [voiceOn, setVoiceOn] = useState(false);
  const [voiceNote, setVoiceNote] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const questions = useCatalogue((s) => s.leaves.find((l) => l.code === draft.categoryCode)?.questions) ?? [];
  const live = useRef(true);

  useEffect(() => {
    void useCatalogue.getState().load();
    void voice.available().then((on) => live.current && setVoiceOn(on));
  }, []);

  function answer(code: string, value: AnswerValue | null) {
    const { [code]: _old, ...rest } = draft.answers;
    draft.edit({ answers: value === null ? rest : { ...rest, [code]: value } });
    setProblems(({ [code]: _gone, ...others }) => others);
  }

  useEffect(() => {
    live.current = true;
    if (!signedIn) {
      void Taro.redirectTo({ url: `/pages/login/index?redirect=${encodeURIComponent('/pages/report/index')}` });
      return undefined;
    }
    const { category, name } = router.params ?? {};
    if (category && !useReportDraft.getState().categoryCode) {
      useReportDraft.getState().edit({ categoryCode: category, categoryName: decodeURIComponent(name ?? '') });
    }
    api
      .me()
      .then((me) => live.current && setPhoneMasked(me.phoneMasked))
      .catch(() => undefined);
    return () => {
      live.current = false;
    };
  }, [signedIn]);

  useEffect(() => {
    const { categoryCode, location } = draft;
    if (!categoryCode || !location) {
      setNearby([]);
      return;
    }
    api
      .nearbyCases({
        category: categoryCode,
        lat: location.lat,
        lng: location.lng,
        coordinateSystem: location.coordinateSystem,
      })
      .then((res) => live.current && setNearby(res.items.slice(0, 5)))
      .catch(() => live.current && setNearby([]));
  }, [draft.categoryCode, draft.location]);

  async function upload(photo: PendingPhoto) {
    const update = (change: Partial<PendingPhoto>) =>
      setPending((list) => list.map((p) => (p.key === photo.key ? { ...p, ...change } : p)));
    update({ failed: false, progress: 0 });
    try {
      const small = await compressPhoto({ path: photo.path, size: photo.size });
      const media = await uploadPhoto(small.path, (progress) => update({ progress }));
      const current = useReportDraft.getState();
      current.edit({ photos: [...current.photos, { id: media.id, thumbUrl: media.thumbUrl }] });
      setPending((list) => list.filter((p) => p.key !== photo.key));
    } catch (e) {
      update({ failed: true });
      setError(errorMessage(e));
    }
  }

  async function addPhotos() {
    const room = MAX_PHOTOS - draft.photos.length - pending.length;
    if (room <= 0 || picking) return;
    setPicking(true);
    try {
      const picked = await pickPhotos(room);
      const added = picked
        .slice(0, room)
        .map((p) => ({ key: ++photoKeys, path: p.path, size: p.size, progress: 0, failed: false }));
      setPending((list) => [...list, ...added]);
      await Promise.all(added.map((p) => upload(p)));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setPicking(false);
    }
  }

  async function locate() {
    setLocating(true);
    setLocationNote(null);
    try {
      const location = await currentLocation();
      draft.edit({ location });
      setLocationNote(t.report.located(location.accuracyM));
    } catch (e) {
      setLocationNote(
        e instanceof LocationError && e.reason === 'denied' ? t.report.locationDenied : t.report.locationFailed,
      );
    } finally {
      setLocating(false);
    }
  }

  async function pickOnMap() {
    try {
      const place = await choosePlace(draft.location);
      if (!place) return;
      const { address, ...location } = place;
      draft.edit({ location, address: address || draft.address });
      setLocationNote(t.report.located(null));
    } catch {
      setLocationNote(t.report.locationFailed);
    }
  }

  async function follow(id: string) {
    const { location } = draft;
    if (!location) return;
    try {
      // The server checks that the resident stands within the category's radius of the case.
      await api.followCase(id, {
        location: { lat: location.lat, lng: location.lng, coordinateSystem: location.coordinateSystem },
      });
      void noticeAfter(Taro.redirectTo({ url: caseLinkFor('resident', id) }), t.report.followed);
    } catch (e) {
      setError(errorMessage(e));
    }
  }

  async function speak() {
    setListening(true);
    setVoiceNote(t.report.voiceListening);
    try {
      const heard = await voice.listen();
      const before = useReportDraft.getState().description;
      draft.edit({ description: `${before}${heard}`.slice(0, MAX_DESCRIPTION) });
      setVoiceNote(t.report.voiceHeard);
    } catch (e) {
      setVoiceNote(e instanceof VoiceError ? (e.said ?? t.report.voiceFailed[e.reason]) : t.report.voiceFailed.failed);
    } finally {
      setListening(false);
    }
  }

  async function submit() {
    if (!draft.categoryCode.trim()) return setError(t.report.noCategory);
    const checked = checkAnswers(questions, draft.answers);
    setProblems(problemsByQuestion(checked.problems));
    if (checked.problems.length) return setError(t.questions.fixMarked);
    if (draft.description.trim().length < 5) return setError(t.report.tooShort);
    if (pending.length) return setError(t.report.photosBusy);
    if (!consent) return setError(t.report.noConsent);
    setError(null);
    setBusy(true);
    try {
      const filed = await api.fileCase(
        {
          demandType: draft.demandType,
          categoryCode: draft.categoryCode.trim(),
          description: draft.description.trim(),
          location: draft.location,
          address: draft.address.trim() || null,
          mediaIds: draft.photos.map((p) => p.id),
          answers: draft.answers,
          anonymous: draft.anonymous,
          publishConsent: draft.publishConsent,
          privacyConsentVersion: PRIVACY_CONSENT_VERSION,
        },
        draft.idempotencyKey,
      );
      draft.clear();
      const query = [
        `id=${filed.id}`,
        `tn=${filed.trackingNumber}`,
        `located=${filed.area.located ? 1 : 0}`,
        `type=${filed.demandType}`,
        filed.deadline ? `due=${encodeURIComponent(filed.deadline.dueAt)}${filed.status === 'submitted' ? '&step=accept' : ''}` : '',
      ]
        .filter(Boolean)
        .join('&');
      void Taro.redirectTo({ url: `/pages/done/index?${query}` });
    } catch (e) {
      setProblems(problemsByQuestion((e as { details?: unknown }).details));
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  const photoCount = draft.photos.length + pending.length;

  return (
    <View className={`page report${largeText ? ' page--large-text' : ''}`} {...roleProps('main')}>
      <PageHeading>{t.report.title}</PageHeading>
      {restored && (
        <View className="card report__restored">
          <Text>{t.report.restored}</Text>
          <Tappable className="report__link" onTap={() => draft.clear()}>
            {t.report.startOver}
          </Tappable>
        </View>
      )}
      <View className="card">
        <Text className="report__label">{t.report.demandType}</Text>
        <View className="report__types" {...roleProps('radiogroup')} ariaLabel={t.report.demandType}>
          {DEMAND_TYPES.map((type) => (
            <Tappable
              key={type}
              role="radio"
              checked={draft.demandType === type}
              className={`report__type${draft.demandType === type ? ' report__type--on' : ''}`}
              onTap={() => draft.edit({ demandType: type })}
            >
              {draft.demandType === type
                ? `${t.common.chosenMark} ${t.report.demandTypes[type]}`
                : t.report.demandTypes[type]}
            </Tappable>
          ))}
        </View>

        <Text className="report__label">{t.report.category}</Text>
        {draft.categoryCode ? (
          <View className="report__chosen">
            <Text>{t.report.categoryChosen(draft.categoryName || draft.categoryCode)}</Text>
            <Tappable
              className="report__link"
              onTap={() => draft.edit({ categoryCode: '', categoryName: '', answers: {} })}
            >
              {t.report.categoryChange}
            </Tappable>
          </View>
        ) : (
          <CategoryPicker
            onPick={(leaf) =>
              draft.edit({
                categoryCode: leaf.code,
                categoryName: leaf.name,
                answers: {},
                ...(leaf.defaultDemandType ? { demandType: leaf.defaultDemandType } : {}),
              })
            }
          />
        )}

        <QuestionFields questions={questions} answers={draft.answers} problems={problems} onChange={answer} />

        <Text className="report__label">{t.report.description}</Text>
        <Textarea
          className="report__textarea"
          value={draft.description}
          maxlength={MAX_DESCRIPTION}
          placeholder={t.report.descriptionPlaceholder}
          ariaLabel={t.report.description}
          onInput={(e) => draft.edit({ description: e.detail.value })}
        />
        <Text className="muted report__counter">{t.report.counter(draft.description.length, MAX_DESCRIPTION)}</Text>
        {voiceOn && (
          <View className="report__row">
            <Button size="large" onClick={() => (listening ? voice.stop() : void speak())}>
              {listening ? t.report.voiceStop : t.report.voice}
            </Button>
            {voiceNote && (
              <View className="muted report__note" {...roleProps('status')}>
                {voiceNote}
              </View>
            )}
          </View>
        )}
      </View>

      <View className="card">
        <Text className="report__label">{t.report.photos(photoCount, MAX_PHOTOS)}</Text>
        <View className="report__photos">
          {draft.photos.map((photo) => (
            <View key={photo.id} className="report__photo">
              <Image className="report__thumb" src={photo.thumbUrl} mode="aspectFill" />
              <Tappable
                className="report__remove"
                onTap={() => draft.edit({ photos: draft.photos.filter((p) => p.id !== photo.id) })}
              >
                {t.report.photoRemove}
              </Tappable>
            </View>
          ))}
          {pending.map((photo) => (
            <View
              key={photo.key}
              className="report__photo report__photo--pending"
              hoverClass="none"
              onClick={() => photo.failed && void upload(photo)}
            >
              <Image className="report__thumb" src={photo.path} mode="aspectFill" />
              <Text className="report__progress">
                {photo.failed ? t.report.photoFailed : t.report.photoUploading(photo.progress)}
              </Text>
            </View>
          ))}
          {photoCount < MAX_PHOTOS && (
            <Tappable className="report__add" onTap={() => void addPhotos()}>
              {`＋ ${t.report.addPhoto}`}
            </Tappable>
          )}
        </View>
      </View>

      <View className="card">
        <Text className="report__label">{t.report.location}</Text>
        <View className="report__row">
          <Button size="large" loading={locating} onClick={() => void locate()}>
            {locating ? t.report.locating : t.report.locate}
          </Button>
          {canChoosePlace && (
            <Button size="large" onClick={() => void pickOnMap()}>
              {t.report.chooseOnMap}
            </Button>
          )}
        </View>
        {(locationNote || draft.location) && (
          <Text className="muted report__note">
            {locationNote ?? t.report.located(draft.location?.accuracyM ?? null)}
          </Text>
        )}
        <Text className="report__label">{t.report.address}</Text>
        <Input
          className="report__input"
          value={draft.address}
          maxlength={200}
          placeholder={t.report.addressPlaceholder}
          ariaLabel={t.report.address}
          onInput={(e) => draft.edit({ address: e.detail.value })}
        />
      </View>

      {nearby.length > 0 && (
        <View className="card report__nearby">
          <Text className="report__label">{t.report.nearbyTitle}</Text>
          <Text className="muted">{t.report.nearbyHint}</Text>
          {nearby.map((item) => (
            <View key={item.id} className="report__nearby-item">
              <Text>{item.categoryName ?? draft.categoryName}</Text>
              <Text className="muted">
                {t.report.nearbyItem(item.distanceM, dayjs(item.createdDate).format('M月D日'), item.followers)}
              </Text>
              <Button size="small" onClick={() => void follow(item.id)}>
                {t.report.follow}
              </Button>
            </View>
          ))}
        </View>
      )}

      <View className="card">
        <View className="report__row report__between">
          <Text>{t.report.contact}</Text>
          <Text className="muted">{phoneMasked ? t.report.contactHint(phoneMasked) : t.report.noContact}</Text>
        </View>
        <View className="report__row report__between">
          <View>
            <Text>{t.report.anonymous}</Text>
            <View>
              <Text className="muted">{t.report.anonymousHint}</Text>
            </View>
          </View>
          <Toggle
            checked={draft.anonymous}
            ariaLabel={t.report.anonymous}
            onChange={(on) => draft.edit({ anonymous: on })}
          />
        </View>
        <View className="report__row report__between">
          <View>
            <Text>{t.report.publishConsent}</Text>
            <View>
              <Text className="muted">{t.report.publishConsentHint}</Text>
            </View>
          </View>
          <Toggle
            checked={draft.publishConsent}
            ariaLabel={t.report.publishConsent}
            onChange={(on) => draft.edit({ publishConsent: on })}
          />
        </View>
        <Text className="report__label">{t.report.privacyTitle}</Text>
        <Text className="muted report__privacy">{t.report.privacyNotice}</Text>
        <Tappable role="checkbox" className="report__consent" checked={consent} onTap={() => setConsent(!consent)}>
          {`${consent ? '☑' : '☐'} ${t.report.consent}`}
        </Tappable>

        {error && <Text className="report__error">{error}</Text>}
        <Button type="primary" size="xlarge" block loading={busy} onClick={() => void submit()}>
          {t.report.submit}
        </Button>
      </View>
    </View>
  );
}
