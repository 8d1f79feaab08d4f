// How figures, dates and enum names read in the portal: thousands
// separators, percentages to one decimal, China time (UTC+8, no DST).

const numberFormat = new Intl.NumberFormat('zh-CN');

export function num(value: string | number | undefined): string {
  if (value === undefined || value === '') return '-';
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? numberFormat.format(n) : String(value);
}

// The services send percentages as "72.9" or "-" (no denominator).
export function pct(value: string | undefined): string {
  if (value === undefined || value === '' || value === '-') return '-';
  const n = Number(value);
  return Number.isFinite(n) ? `${n.toFixed(1)}%` : value;
}

export function pctNumber(value: string | undefined): number | null {
  if (value === undefined || value === '' || value === '-') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

const chinaOffsetMs = 8 * 3600 * 1000;

function chinaParts(t: Date): { y: string; m: string; d: string; hh: string; mm: string } {
  const c = new Date(t.getTime() + chinaOffsetMs);
  const two = (n: number) => String(n).padStart(2, '0');
  return {
    y: String(c.getUTCFullYear()),
    m: two(c.getUTCMonth() + 1),
    d: two(c.getUTCDate()),
    hh: two(c.getUTCHours()),
    mm: two(c.getUTCMinutes()),
  };
}

// Today in China as YYYY-MM-DD, whatever the PC's time zone.
export function chinaToday(now = new Date()): string {
  const p = chinaParts(now);
  return `${p.y}-${p.m}-${p.d}`;
}

export function chinaMonth(now = new Date(), monthsBack = 0): string {
  const p = chinaParts(now);
  let y = Number(p.y);
  let m = Number(p.m) - monthsBack;
  while (m <= 0) {
    m += 12;
    y -= 1;
  }
  return `${y}-${String(m).padStart(2, '0')}`;
}

// An RFC 3339 timestamp shown as China wall time.
export function dateTime(iso: string | undefined): string {
  if (!iso) return '-';
  const t = new Date(iso);
  if (Number.isNaN(t.getTime())) return iso;
  const p = chinaParts(t);
  return `${p.y}-${p.m}-${p.d} ${p.hh}:${p.mm}`;
}

export function chineseDate(ymd: string): string {
  const [y, m, d] = ymd.split('-');
  return `${y}年${Number(m)}月${Number(d)}日`;
}

export const roleNames: Record<string, string> = {
  city_admin: '市总管理员',
  county_staff: '县级工会',
  grassroots_staff: '基层工会',
  assessor: '考核人员',
  auditor: '审计人员',
};

export const reviewStateNames: Record<string, string> = {
  COLLECTED: '已采集',
  COUNTY_VERIFIED: '县级已审核',
  CITY_APPROVED: '市总已备案',
  RETURNED: '已退回',
  REJECTED: '未通过',
};

export const cardStateNames: Record<string, string> = {
  CARD_STATE_UNSPECIFIED: '申请',
  REQUESTED: '已申请',
  SUBMITTED: '已报送银行',
  ISSUED: '已制卡',
  ACTIVATED: '已激活',
  REJECTED: '银行退回',
  FROZEN: '已冻结',
  LOST: '已挂失',
  REPLACED: '已补卡',
  CANCELLED: '已注销',
};

export const batchStateNames: Record<string, string> = {
  FILLING: '准备中',
  QUEUED: '待报送',
  SENT: '银行制卡中',
  COMPLETE: '已完成',
};

export const genderNames: Record<string, string> = {
  MALE: '男',
  FEMALE: '女',
  GENDER_UNSPECIFIED: '-',
};

export const fieldNames: Record<string, string> = {
  username: '用户名',
  password: '密码',
  old_password: '原密码',
  new_password: '新密码',
  display_name: '姓名',
  role: '角色',
  org_id: '所属工会',
  name: '姓名',
  id_number: '身份证号码',
  mobile: '手机号码',
  employer: '工作单位',
  join_date: '入会日期',
  reason: '原因',
  member_ids: '会员',
  action: '操作',
  body: '文件',
  leadership: '组织领导',
  measures: '工作措施',
  note: '说明',
  date: '日期',
  kind: '类别',
  unit_code: '单位',
  plan: '计划数',
  first_year: '起始年度',
  coverage_targets: '覆盖率目标',
  to_org_id: '转入工会',
};

// The services explain in English; the common phrases read in Chinese,
// the rest is shown as sent so nothing is lost.
const phrases: [RegExp, string][] = [
  [/^is required$/i, '必填'],
  [/is in the future/i, '不能晚于今天'],
  [/before the member's birth date/i, '不能早于出生日期'],
  [/must not contain the username/i, '不能包含用户名'],
  [/check (digit|character)|checksum/i, '校验位不正确'],
  [/not a real date/i, '出生日期不是有效日期'],
  [/must be 18 characters/i, '应为 18 位'],
  [/members must be \d+ to \d+ years old/i, '年龄不符合入会条件'],
  [/15-digit/i, '请填写 18 位身份证号码'],
  [/too easy to guess/i, '密码太容易被猜到，请用几个不相关的词语组成更长的密码'],
  [/characters long, got/i, '长度不符合要求'],
  [/one-time password/i, '请先修改一次性密码'],
  [/already (exists|registered|taken)|is taken/i, '已存在'],
  [/six digits sent by SMS/i, '应为短信中的 6 位数字'],
  [/holds no issued card|only card-holding members/i, '只有已领取工会会员卡的会员才能评价商户'],
  [/rated merchant \d+ in [\d-]+ already/i, '本月已评价过该商户'],
  [/membership has ended/i, '会籍已终止，请到所在工会办理'],
  [/only contracted merchants are rated/i, '该商户已不在签约期内，不能评价'],
  [/11-digit mainland mobile number/i, '应为以 13–19 开头的 11 位大陆手机号码'],
  [/mobile number may contain only digits/i, '手机号码只能包含数字、空格、连字符和开头的 +86'],
  [/may contain only Chinese characters and the dot/i, '只能包含汉字和间隔号“·”，与身份证一致'],
  [/the dot · may only stand between/i, '间隔号“·”只能用在名字的两部分之间'],
  [/characters; at most \d+|is longer than \d+ characters/i, '字数超过上限'],
  [/not valid UTF-8/i, '含有无法识别的字符'],
  [/is not a date in the form/i, '日期格式应为 2016-03-01'],
  [/is not yes or no/i, '应填“是”或“否”（或 1/0）'],
  [/starts with \d+, which is not a province/i, '身份证前两位不是有效的省级地区代码，请与证件核对'],
  [/region code \d+ is in no list of GB\/T 2260/i, '身份证前六位地区代码不在行政区划代码表中；已接受（旧身份证可能使用已撤销的代码），请与证件核对'],
];

export function explain(text: string): string {
  for (const [re, zh] of phrases) if (re.test(text)) return `${zh}（${text}）`;
  return text;
}

// "id_number: must be 18 characters, got 17" → 身份证号码：应为 18 位（…）:
// a row's failure or a warning, as the services word them.
export function fieldMessage(text: string): string {
  const m = /^([a-z_]+): (.*)$/.exec(text);
  if (!m || !m[1] || m[2] === undefined) return explain(text);
  return `${fieldNames[m[1]] ?? m[1]}：${explain(m[2])}`;
}

export const assessmentStateNames: Record<string, string> = {
  DRAFT: '草稿（推进办已计算）',
  REVIEWED: '领导小组已审核',
  APPROVED: '主席会已审定',
  PUBLISHED: '已公布',
};

export const assessmentStepNames: Record<string, string> = {
  COMPUTE: '计算',
  REVIEW: '审核',
  APPROVE: '审定',
  PUBLISH: '公布',
  SEND_BACK: '退回重算',
  CORRECT: '更正（新修订版）',
};

export const incidentKindNames: Record<string, string> = {
  OMISSION: '漏项（应答性 −0.5）',
  CRITICISM: '点名通报批评（督导 −1）',
};

export const endReasonNames: Record<string, string> = {
  LEFT: '离职/调离',
  RETIRED: '退休',
  DECEASED: '去世',
  OTHER: '其他',
};

// 2-decimal yuan from fen ("150000" → "1,500.00").
export function yuan(fen: string | number | undefined): string {
  const n = Number(fen ?? 0);
  if (!Number.isFinite(n)) return String(fen);
  return new Intl.NumberFormat('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(n / 100);
}

export const categoryNames: Record<string, string> = {
  CLOTHING: '衣',
  FOOD: '食',
  HOUSING: '住',
  TRANSPORT: '行',
  MEDICAL: '医',
  CULTURE_SPORT: '文体',
  FINANCE: '金融',
  EDUCATION: '教育',
  LEGAL: '法律',
  OTHER: '其他',
};

export const merchantStateNames: Record<string, string> = {
  PENDING: '待生效',
  ACTIVE: '合作中',
  SUSPENDED: '已暂停',
  EXITED: '已退出',
};

export const standingNames: Record<string, string> = {
  NORMAL: '正常',
  FEATURED: '推荐（联合推广）',
  WARNING: '预警',
  EXIT_PROPOSED: '建议退出',
  STANDING_UNSPECIFIED: '尚未评价',
};

export const offerKindNames: Record<string, string> = {
  DISCOUNT: '折扣',
  FIXED_PRICE: '特价',
  FREE: '免费',
};

export const serviceItemKindNames: Record<string, string> = {
  PUBLIC_SERVICE: '公共服务',
  UNION_FACILITY: '工会阵地',
  PAYOUT_PROGRAMME: '资金发放项目',
  INSURANCE: '保险',
};

export const payoutBatchStateNames: Record<string, string> = {
  AWAITING_APPROVAL: '待审批',
  APPROVED: '已批准（发放中）',
  DECLINED: '已拒绝',
};

export const payoutItemStateNames: Record<string, string> = {
  PAYOUT_AWAITING: '待审批',
  PAYOUT_QUEUED: '排队中',
  PAYOUT_AT_BANK: '银行处理中',
  PAYOUT_PAID: '已到账',
  PAYOUT_FAILED: '失败',
  PAYOUT_WITHDRAWN: '已撤回',
};

export const differenceKindNames: Record<string, string> = {
  MISSING_AT_BANK: '银行流水缺少（我方已记账）',
  UNKNOWN_AT_BANK: '银行多出（我方无记录）',
  AMOUNT_MISMATCH: '金额不符',
  CARD_MISMATCH: '卡号不符',
  DUPLICATE_AT_BANK: '银行重复入账',
};

// The China civil date (YYYY-MM-DD) of an RFC 3339 timestamp.
export function chinaDate(iso: string | undefined | null): string {
  if (!iso) return '-';
  const t = new Date(iso);
  return Number.isNaN(t.getTime()) ? iso : chinaToday(t);
}

// Every kind a service item may have, for showing (the staff form offers
// only `serviceItemKindNames`).
export const serviceKindLabels: Record<string, string> = {
  ...serviceItemKindNames,
  MERCHANT_OFFER: '商户优惠',
  LEGAL_ADVICE: '法律咨询',
  HARDSHIP_ASSISTANCE: '帮扶救助',
  TRAINING_AND_JOBS: '技能培训与就业',
};

export const helpKindNames: Record<string, string> = {
  LEGAL_ADVICE: '法律咨询',
  HARDSHIP_ASSISTANCE: '帮扶救助',
};

export const helpStateNames: Record<string, string> = {
  HELP_SUBMITTED: '待受理',
  HELP_ACCEPTED: '已受理',
  HELP_ANSWERED: '已答复',
  HELP_CLOSED: '已关闭',
};

// "约 15 分钟" / "45 秒" for a wait in seconds.
export function waitText(seconds: number): string {
  if (!(seconds > 0)) return '';
  if (seconds < 90) return `${Math.ceil(seconds)} 秒`;
  return `约 ${Math.ceil(seconds / 60)} 分钟`;
}
