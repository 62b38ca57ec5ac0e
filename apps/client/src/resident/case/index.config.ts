import { t } from '../../locales/zh-CN';

export default definePageConfig({ navigationBarTitleText: t.detail.title, enablePullDownRefresh: true });
