import type { Party } from './types';

/** The forwarder printed in every document header unless the caller passes its own. */
export const COMPANY_DEFAULT: Party = {
  name: '華聯國際貨運代理有限公司',
  nameEn: 'Hua Lian International Freight Forwarding Co., Ltd.',
  address: '廣東省深圳市福田區深南大道6008號華聯大廈18樓',
  phone: '+86 755 8321 6600',
  fax: '+86 755 8321 6601',
  contactPerson: '陳志明',
};
