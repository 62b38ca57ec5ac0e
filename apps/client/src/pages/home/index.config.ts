import { COUNTY_NAME } from '../../constants';
import { t } from '../../locales/zh-CN';

export default definePageConfig({
  navigationBarTitleText: t.app.title(COUNTY_NAME),
});
