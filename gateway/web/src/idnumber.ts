// GB 11643-1999 resident ID numbers, checked as the clerk types: the
// same rules member-svc applies, so most mistakes never reach the server.

export interface IdCheck {
  ok: boolean;
  problem: string; // empty when ok
  region: string;
  birthDate: string; // YYYY-MM-DD
  gender: '男' | '女' | '';
}

const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const checkCodes = '10X98765432';

const provinces: Record<string, string> = {
  '11': '北京市', '12': '天津市', '13': '河北省', '14': '山西省', '15': '内蒙古自治区',
  '21': '辽宁省', '22': '吉林省', '23': '黑龙江省', '31': '上海市', '32': '江苏省',
  '33': '浙江省', '34': '安徽省', '35': '福建省', '36': '江西省', '37': '山东省',
  '41': '河南省', '42': '湖北省', '43': '湖南省', '44': '广东省', '45': '广西壮族自治区',
  '46': '海南省', '50': '重庆市', '51': '四川省', '52': '贵州省', '53': '云南省',
  '54': '西藏自治区', '61': '陕西省', '62': '甘肃省', '63': '青海省', '64': '宁夏回族自治区',
  '65': '新疆维吾尔自治区', '71': '台湾省', '81': '香港特别行政区', '82': '澳门特别行政区',
};

// Cangzhou's own districts, where most members were born.
const cangzhou: Record<string, string> = {
  '130902': '新华区', '130903': '运河区', '130921': '沧县', '130922': '青县',
  '130923': '东光县', '130924': '海兴县', '130925': '盐山县', '130926': '肃宁县',
  '130927': '南皮县', '130928': '吴桥县', '130929': '献县', '130930': '孟村回族自治县',
  '130981': '泊头市', '130982': '任丘市', '130983': '黄骅市', '130984': '河间市',
};

export function checkDigit(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (weights[i] ?? 0);
  return checkCodes[sum % 11] ?? '';
}

function regionOf(code: string): string {
  const district = cangzhou[code];
  if (district) return `河北省沧州市${district}`;
  const province = provinces[code.slice(0, 2)];
  return province ? `${province}（${code}）` : '';
}

export function checkIdNumber(raw: string, today: string): IdCheck {
  const id = raw.trim().toUpperCase();
  const out: IdCheck = { ok: false, problem: '', region: '', birthDate: '', gender: '' };
  if (id === '') return { ...out, problem: '请输入身份证号码' };
  if (!/^\d{0,17}[\dX]?$/.test(id)) return { ...out, problem: '只能包含数字，最后一位可以是 X' };
  if (id.length >= 6) {
    // member-svc refuses an unknown province and accepts an unknown county
    // code with a warning (old cards keep retired codes): shown, not refused.
    out.region = regionOf(id.slice(0, 6)) || `地区代码 ${id.slice(0, 6)}（未识别）`;
  }
  if (id.length >= 14) {
    const y = Number(id.slice(6, 10));
    const m = Number(id.slice(10, 12));
    const d = Number(id.slice(12, 14));
    const date = new Date(Date.UTC(y, m - 1, d));
    const valid = date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d && y >= 1900;
    if (!valid) return { ...out, problem: `第7–14位出生日期 ${id.slice(6, 14)} 不是有效日期` };
    out.birthDate = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
    if (out.birthDate > today) return { ...out, problem: '出生日期晚于今天' };
  }
  if (id.length >= 17) out.gender = Number(id[16]) % 2 === 1 ? '男' : '女';
  if (id.length < 18) return { ...out, problem: `应为 18 位，已输入 ${id.length} 位` };
  const expected = checkDigit(id.slice(0, 17));
  if (id[17] !== expected) return { ...out, problem: `校验位不正确（最后一位应为 ${expected}），请核对号码` };
  return { ...out, ok: true };
}
