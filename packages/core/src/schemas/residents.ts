// Wire shapes of the resident's side: sign-in by SMS code or WeChat, sessions with rotating
// refresh tokens, and the account as its owner sees it.
import { z } from 'zod';
import { caseAnswersSchema } from '../category-questions';
import { tokenResponseSchema } from './auth';

/** A mainland mobile number; spaces, dashes and a +86 prefix are accepted and dropped. */
export const mobilePhoneSchema = z
  .string()
  .trim()
  .max(20)
  .transform((v) => v.replace(/[\s-]/g, '').replace(/^\+?86(?=1\d{10}$)/, ''))
  .pipe(z.string().regex(/^1[3-9]\d{9}$/, '请输入11位手机号码'));

export const smsCodeRequestSchema = z.strictObject({ phone: mobilePhoneSchema });
export type SmsCodeRequest = z.infer<typeof smsCodeRequestSchema>;

export const smsCodeResponseSchema = z.object({
  /** The number the code went to, masked (138****1234). */
  sentTo: z.string(),
  expiresIn: z.number().int().positive(),
  /** Seconds before another code may be asked for this number. */
  resendAfter: z.number().int().positive(),
});
export type SmsCodeResponse = z.infer<typeof smsCodeResponseSchema>;

export const smsLoginRequestSchema = z.strictObject({
  phone: mobilePhoneSchema,
  code: z.string().regex(/^\d{6}$/, '验证码为6位数字'),
});
export type SmsLoginRequest = z.infer<typeof smsLoginRequestSchema>;

export const wechatLoginRequestSchema = z.strictObject({
  /** The code from wx.login (valid 5 minutes, once). */
  code: z.string().trim().min(1).max(128),
});
export type WechatLoginRequest = z.infer<typeof wechatLoginRequestSchema>;

export const wechatPhoneRequestSchema = z.strictObject({
  /** The code from the getPhoneNumber button's event (e.detail.code). */
  code: z.string().trim().min(1).max(128),
});
export type WechatPhoneRequest = z.infer<typeof wechatPhoneRequestSchema>;

export const refreshRequestSchema = z.strictObject({ refreshToken: z.string().min(10).max(200) });
export type RefreshRequest = z.infer<typeof refreshRequestSchema>;

export const sessionResponseSchema = tokenResponseSchema.extend({
  /** Single use: each refresh answers a new one; presenting an old one ends the session everywhere. */
  refreshToken: z.string(),
  refreshExpiresIn: z.number().int().positive(),
});
export type SessionResponse = z.infer<typeof sessionResponseSchema>;

export const meResponseSchema = z.object({
  id: z.string(),
  role: z.string(),
  name: z.string(),
  /** Shown in full to its owner only. */
  phone: z.string().nullable(),
  phoneMasked: z.string().nullable(),
  wechatLinked: z.boolean(),
  unitId: z.string().nullable(),
  unitName: z.string().nullable(),
});
export type MeResponse = z.infer<typeof meResponseSchema>;

// ---- Filing and following a demand --------------------------------------------------------
const uuid = z.uuid();
const mediaIdsSchema = z.array(uuid).max(9).refine((ids) => new Set(ids).size === ids.length, '照片不能重复');

export const caseLocationSchema = z.strictObject({
  lat: z.number().min(-90).max(90),
  lng: z.number().min(-180).max(180),
  /** What the device gave: wx.getLocation({type:'gcj02'}) answers GCJ-02; browsers answer WGS-84. Stored as WGS-84. */
  coordinateSystem: z.enum(['wgs84', 'gcj02']),
  accuracyM: z.number().min(0).max(100_000).nullable().optional(),
});

export const fileCaseRequestSchema = z.strictObject({
  demandType: z.enum(['consultation', 'help', 'complaint', 'report', 'suggestion', 'praise']),
  categoryCode: z.string().trim().min(1).max(32),
  description: z.string().trim().min(5).max(2000),
  location: caseLocationSchema.nullable().optional(),
  address: z.string().trim().max(200).nullable().optional(),
  mediaIds: mediaIdsSchema.default([]),
  /** Answers to the category's questions, by question code. */
  answers: caseAnswersSchema.default({}),
  contactName: z.string().trim().min(1).max(50).optional(),
  contactPhone: mobilePhoneSchema.optional(),
  anonymous: z.boolean().default(false),
  /** Agrees that the case may be published as a typical case once closed, after moderation. */
  publishConsent: z.boolean().default(false),
  /** The version of the privacy notice the resident agreed to. */
  privacyConsentVersion: z.string().trim().min(1).max(32),
});
export type FileCaseRequest = z.infer<typeof fileCaseRequestSchema>;

const isoInstant = z.string();

export const residentMediaSchema = z.object({ id: z.string(), url: z.string(), thumbUrl: z.string(), urlExpiresAt: z.string() });

export const residentCaseSummarySchema = z.object({
  id: z.string(),
  trackingNumber: z.string(),
  status: z.string(),
  demandType: z.string(),
  categoryCode: z.string().nullable(),
  categoryName: z.string().nullable(),
  description: z.string(),
  /** The unit handling it now, by name (staff are never named). */
  currentUnitName: z.string().nullable(),
  deadline: z.object({ dueAt: isoInstant, state: z.string() }).nullable(),
  /** How the resident stands to it. */
  relation: z.enum(['filer', 'follower']),
  createdAt: isoInstant,
  updatedAt: isoInstant,
  closedAt: isoInstant.nullable(),
});
export type ResidentCaseSummary = z.infer<typeof residentCaseSummarySchema>;

export const residentTimelineEventSchema = z.object({
  seq: z.number().int(),
  type: z.string(),
  at: isoInstant,
  toStatus: z.string(),
  /** '您' for the resident's own steps, the unit's name for staff, '12345热线' for the centre. */
  actor: z.string(),
  text: z.string().nullable(),
  media: z.array(residentMediaSchema),
  details: z.record(z.string(), z.unknown()),
});

export const fileCaseResponseSchema = residentCaseSummarySchema.extend({
  area: z.object({
    townshipCode: z.string().nullable(),
    villageCode: z.string().nullable(),
    /** False when the point lies outside the county: an operator will place it. */
    located: z.boolean(),
  }),
});
export type FileCaseResponse = z.infer<typeof fileCaseResponseSchema>;

export const residentCaseDetailSchema = fileCaseResponseSchema.extend({
  address: z.string().nullable(),
  location: z.object({ lat: z.number(), lng: z.number() }).nullable(),
  contactName: z.string().nullable(),
  /** Masked unless the reader filed the case. */
  contactPhone: z.string().nullable(),
  anonymous: z.boolean(),
  media: z.array(residentMediaSchema),
  flags: z.object({ rated: z.boolean(), reopenPending: z.boolean() }),
  /** The filer agreed to publication as a typical case (false for followers). */
  publishConsent: z.boolean().default(false),
  satisfaction: z.string().nullable(),
  timeline: z.array(residentTimelineEventSchema),
});
export type ResidentCaseDetail = z.infer<typeof residentCaseDetailSchema>;

export const myCasesQuerySchema = z.strictObject({
  status: z.enum(['submitted', 'awaiting_info', 'accepted', 'dispatched', 'signed', 'returned', 'replied', 'callback', 'closed', 'rejected', 'merged']).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
  /** The `nextCursor` of the previous page. */
  cursor: z.string().max(200).optional(),
});
export type MyCasesQuery = z.infer<typeof myCasesQuerySchema>;

export const myCasesResponseSchema = z.object({ items: z.array(residentCaseSummarySchema), nextCursor: z.string().nullable() });
export type MyCasesResponse = z.infer<typeof myCasesResponseSchema>;

export const residentCaseParamsSchema = z.strictObject({ id: z.uuid() });

export const nearbyQuerySchema = z.strictObject({
  category: z.string().trim().min(1).max(32),
  lat: z.coerce.number().min(-90).max(90),
  lng: z.coerce.number().min(-180).max(180),
  coordinateSystem: z.enum(['wgs84', 'gcj02']).default('wgs84'),
});
export type NearbyQuery = z.infer<typeof nearbyQuerySchema>;

export const nearbyResponseSchema = z.object({
  radiusM: z.number().int(),
  items: z.array(
    z.object({
      id: z.string(),
      status: z.string(),
      categoryName: z.string().nullable(),
      /** Rounded to ~100 m, the distance to 100 m (at least 100): enough to recognise the place, not the person. */
      approxLocation: z.object({ lat: z.number(), lng: z.number() }),
      distanceM: z.number().int(),
      createdDate: z.string(),
      followers: z.number().int(),
    }),
  ),
});
export type NearbyResponse = z.infer<typeof nearbyResponseSchema>;

/** Following says "I face this too": the resident's position must be within the category's radius of the case. */
export const followCaseRequestSchema = z.strictObject({ location: caseLocationSchema });
export type FollowCaseRequest = z.infer<typeof followCaseRequestSchema>;

export const lookupQuerySchema = z.strictObject({
  trackingNumber: z.string().trim().regex(/^HL\d{8}-\d{6}$/, '工单编号格式有误'),
  phoneLast4: z.string().regex(/^\d{4}$/, '请输入手机号后4位'),
});
export type LookupQuery = z.infer<typeof lookupQuerySchema>;

export const lookupResponseSchema = z.object({ trackingNumber: z.string(), status: z.string(), updatedAt: isoInstant });
export type LookupResponse = z.infer<typeof lookupResponseSchema>;

export const supplementRequestSchema = z.strictObject({ text: z.string().trim().min(1).max(2000), mediaIds: mediaIdsSchema.default([]) });
export type SupplementRequest = z.infer<typeof supplementRequestSchema>;
export const urgeRequestSchema = z.strictObject({ note: z.string().trim().max(200).optional() });
export type UrgeRequest = z.infer<typeof urgeRequestSchema>;
export const rateRequestSchema = z.strictObject({
  satisfaction: z.enum(['satisfied', 'basically_satisfied', 'unsatisfied']),
  solved: z.boolean(),
  comment: z.string().trim().max(500).optional(),
});
export type RateRequest = z.infer<typeof rateRequestSchema>;
export const reopenRequestSchema = z.strictObject({ reason: z.string().trim().min(5).max(500) });
export type ReopenRequest = z.infer<typeof reopenRequestSchema>;
