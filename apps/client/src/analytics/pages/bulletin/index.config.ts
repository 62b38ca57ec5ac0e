import { analyticsText } from '../../../locales/zh-CN.analytics';

export default definePageConfig({ navigationBarTitleText: analyticsText.bulletin.title });
