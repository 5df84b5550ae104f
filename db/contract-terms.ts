/** 標準合同條款 — the company's standard service terms (version 1), from which commerce drafts each contract. */
export const STANDARD_TERMS_V1 = {
  title: '國際貨運代理及相關服務合同 International Freight Forwarding and Related Services Contract',
  clauses: [
    {
      no: '1',
      title: '服務範圍 Scope of services',
      text: '甲方委託乙方辦理本合同附表所列之服務項目（包括但不限於電匯、信用證、訂艙、海運、進出口代理、報檢、報關、運送、倉儲及配送），乙方按本合同及附表所列價格提供服務。',
    },
    {
      no: '2',
      title: '價格與報價依據 Prices',
      text: '服務價格以雙方確認之報價單為準，報價依據乙方經總經理核准鎖定之標準報價版本。價格以所列幣別計算，金額按該幣別最小單位四捨六入五成雙計算。',
    },
    {
      no: '3',
      title: '費用承擔 Fees and charges',
      text: '內部報價所列各項費用科目，由合同附表所載之承擔方負擔；由甲方承擔之代墊費用，乙方按實際成本向甲方收取。',
    },
    {
      no: '4',
      title: '付款與對帳 Payment and reconciliation',
      text: '雙方按約定之對帳日對帳，甲方應於對帳確認後十五日內付清款項。逾期付款者，乙方有權暫停服務並按日萬分之五收取滯納金。',
    },
    {
      no: '5',
      title: '預付款 Prepayment',
      text: '涉及電匯或信用證之業務，甲方應於乙方辦理前將預付款匯入乙方指定帳戶；款項未到帳前，乙方不負責辦理。',
    },
    {
      no: '6',
      title: '貨物與單證 Cargo and documents',
      text: '甲方應保證所提供之貨物資料、單證真實、準確、完整，並符合進出口國家之法律法規；因資料不實所生之一切責任由甲方承擔。',
    },
    {
      no: '7',
      title: '異常處理 Exceptions',
      text: '服務過程中發生通關、運送或倉儲異常時，乙方應及時通知甲方並告知處理方案及進度，雙方共同協商解決。',
    },
    {
      no: '8',
      title: '責任限制 Limitation of liability',
      text: '乙方之賠償責任以其過失所致之直接損失為限，每宗業務最高不超過該宗業務之服務費用，但法律另有規定者除外。',
    },
    {
      no: '9',
      title: '保密 Confidentiality',
      text: '雙方對因本合同知悉之對方商業資料負有保密義務，未經對方書面同意不得向第三方披露。',
    },
    {
      no: '10',
      title: '合同期限 Term',
      text: '本合同自雙方簽署之日起生效，有效期一年；期滿前三十日內雙方未書面提出異議者，自動續期一年。',
    },
    {
      no: '11',
      title: '爭議解決 Disputes',
      text: '因本合同引起之爭議，雙方應友好協商解決；協商不成者，提交乙方所在地有管轄權之人民法院訴訟解決。',
    },
  ],
};
