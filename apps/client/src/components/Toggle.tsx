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
  // Taro passes these through to the mini-program's and the browser's accessibility attributes;
  // its ViewProps type does not list them.
  const a11y: Record<string, unknown> = { ariaRole: 'switch', ariaChecked: checked, ariaLabel };
  return (
    <View className={`nut-switch${checked ? '' : ' nut-switch-close'}`} {...a11y} onClick={() => onChange(!checked)}>
      <View className={`nut-switch-button ${checked ? 'nut-switch-button-open' : 'nut-switch-button-close'}`}>
        {!checked && <View className="nut-switch-close-line" />}
      </View>
    </View>
  );
}
