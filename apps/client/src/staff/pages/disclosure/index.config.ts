import { staffText } from '../../../locales/zh-CN.staff';

export default definePageConfig({ navigationBarTitleText: staffText.disclosure.title });
