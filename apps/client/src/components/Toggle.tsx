// An on/off control drawn with NutUI's switch styles but without its JS: NutUI's Switch brings
// its ConfigProvider (the locale strings of every NutUI component) and lodash helpers, about
// 7 KB gzip, into the home page's first load on H5. The whole row part (word + switch) is the
// tap target, at least 44×44 (60×60 in the large-text mode), and the state is also a word.
import '@nutui/nutui-react-taro/dist/es/packages/switch/style/css';
import { Text, View } from '@tarojs/components';
import { t } from '@/locales/zh-CN';
import { Tappable } from './Tappable';

export function Toggle({
  checked,
  ariaLabel,
  onChange,
}: {
  checked: boolean;
  ariaLabel: string;
  onChange: (checked: boolean) => void;
}) {
  return (
    <Tappable role="switch" className="toggle" label={ariaLabel} checked={checked} onTap={() => onChange(!checked)}>
      <Text className="toggle__state">{checked ? t.common.on : t.common.off}</Text>
      <View className={`nut-switch${checked ? '' : ' nut-switch-close'}`}>
        <View className={`nut-switch-button ${checked ? 'nut-switch-button-open' : 'nut-switch-button-close'}`}>
          {!checked && <View className="nut-switch-close-line" />}
        </View>
      </View>
    </Tappable>
  );
}
