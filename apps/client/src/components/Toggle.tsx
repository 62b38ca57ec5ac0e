// An on/off control drawn with NutUI's switch styles but without its JS: NutUI's Switch brings
// its ConfigProvider (the locale strings of every NutUI component) and lodash helpers, about
// 7 KB gzip, into the home page's first load on H5.
import '@nutui/nutui-react-taro/dist/es/packages/switch/style/css';
import { View } from '@tarojs/components';

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
    <View
      className={`nut-switch${checked ? '' : ' nut-switch-close'}`}
      ariaRole="switch"
      ariaChecked={checked}
      ariaLabel={ariaLabel}
      onClick={() => onChange(!checked)}
    >
      <View className={`nut-switch-button ${checked ? 'nut-switch-button-open' : 'nut-switch-button-close'}`}>
        {!checked && <View className="nut-switch-close-line" />}
      </View>
    </View>
  );
}
