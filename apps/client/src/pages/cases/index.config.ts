import { t } from '../../locales/zh-CN';

export default definePageConfig({
  navigationBarTitleText: t.cases.title,
  enablePullDownRefresh: true,
});
