/**
 * Ant Design's zh-TW and en-US packs. antd's zh_TW writes 選擇周 where Traditional usage is 選擇週
 * (the rest of the pack was checked and is Traditional); corrected here.
 */
import type { Locale } from 'antd/es/locale';
import enUS from 'antd/locale/en_US';
import zhTWBase from 'antd/locale/zh_TW';
import 'dayjs/locale/zh-tw';

const week = (lang: object) => ({ ...lang, weekSelect: '選擇週' });
export const zhTW: Locale = {
  ...zhTWBase,
  DatePicker: zhTWBase.DatePicker && {
    ...zhTWBase.DatePicker,
    lang: week(zhTWBase.DatePicker.lang) as typeof zhTWBase.DatePicker.lang,
  },
  Calendar: zhTWBase.Calendar && {
    ...zhTWBase.Calendar,
    lang: week(zhTWBase.Calendar.lang) as typeof zhTWBase.Calendar.lang,
  },
};
export { enUS };
