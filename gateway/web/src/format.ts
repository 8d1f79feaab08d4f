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
  REVIEW_STATE_COLLECTED: '已采集',
  REVIEW_STATE_COUNTY_VERIFIED: '县级已审核',
  REVIEW_STATE_CITY_APPROVED: '市总已备案',
  REVIEW_STATE_RETURNED: '已退回',
  REVIEW_STATE_REJECTED: '未通过',
};

export const cardStateNames: Record<string, string> = {
  CARD_STATE_UNSPECIFIED: '申请',
  CARD_STATE_REQUESTED: '已申请',
  CARD_STATE_SUBMITTED: '已报送银行',
  CARD_STATE_ISSUED: '已制卡',
  CARD_STATE_ACTIVATED: '已激活',
  CARD_STATE_REJECTED: '银行退回',
  CARD_STATE_FROZEN: '已冻结',
  CARD_STATE_LOST: '已挂失',
  CARD_STATE_REPLACED: '已补卡',
  CARD_STATE_CANCELLED: '已注销',
};

export const batchStateNames: Record<string, string> = {
  BATCH_STATE_FILLING: '准备中',
  BATCH_STATE_QUEUED: '待报送',
  BATCH_STATE_SENT: '银行制卡中',
  BATCH_STATE_COMPLETE: '已完成',
};

export const genderNames: Record<string, string> = {
  GENDER_MALE: '男',
  GENDER_FEMALE: '女',
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
  ASSESSMENT_STATE_DRAFT: '草稿（推进办已计算）',
  ASSESSMENT_STATE_REVIEWED: '领导小组已审核',
  ASSESSMENT_STATE_APPROVED: '主席会已审定',
  ASSESSMENT_STATE_PUBLISHED: '已公布',
};

export const assessmentStepNames: Record<string, string> = {
  ASSESSMENT_STEP_COMPUTE: '计算',
  ASSESSMENT_STEP_REVIEW: '审核',
  ASSESSMENT_STEP_APPROVE: '审定',
  ASSESSMENT_STEP_PUBLISH: '公布',
  ASSESSMENT_STEP_SEND_BACK: '退回重算',
  ASSESSMENT_STEP_CORRECT: '更正（新修订版）',
};

export const incidentKindNames: Record<string, string> = {
  INCIDENT_KIND_OMISSION: '漏项（应答性 −0.5）',
  INCIDENT_KIND_CRITICISM: '点名通报批评（督导 −1）',
};

export const endReasonNames: Record<string, string> = {
  END_REASON_LEFT: '离职/调离',
  END_REASON_RETIRED: '退休',
  END_REASON_DECEASED: '去世',
  END_REASON_OTHER: '其他',
};

// 2-decimal yuan from fen ("150000" → "1,500.00").
export function yuan(fen: string | number | undefined): string {
  const n = Number(fen ?? 0);
  if (!Number.isFinite(n)) return String(fen);
  return new Intl.NumberFormat('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(n / 100);
}

export const categoryNames: Record<string, string> = {
  CATEGORY_CLOTHING: '衣',
  CATEGORY_FOOD: '食',
  CATEGORY_HOUSING: '住',
  CATEGORY_TRANSPORT: '行',
  CATEGORY_MEDICAL: '医',
  CATEGORY_CULTURE_SPORT: '文体',
  CATEGORY_FINANCE: '金融',
  CATEGORY_EDUCATION: '教育',
  CATEGORY_LEGAL: '法律',
  CATEGORY_OTHER: '其他',
};

export const merchantStateNames: Record<string, string> = {
  MERCHANT_STATE_PENDING: '待生效',
  MERCHANT_STATE_ACTIVE: '合作中',
  MERCHANT_STATE_SUSPENDED: '已暂停',
  MERCHANT_STATE_EXITED: '已退出',
};

export const standingNames: Record<string, string> = {
  STANDING_NORMAL: '正常',
  STANDING_FEATURED: '推荐（联合推广）',
  STANDING_WARNING: '预警',
  STANDING_EXIT_PROPOSED: '建议退出',
  STANDING_UNSPECIFIED: '尚未评价',
};

export const offerKindNames: Record<string, string> = {
  OFFER_KIND_DISCOUNT: '折扣',
  OFFER_KIND_FIXED_PRICE: '特价',
  OFFER_KIND_FREE: '免费',
};

export const serviceItemKindNames: Record<string, string> = {
  SERVICE_ITEM_KIND_PUBLIC_SERVICE: '公共服务',
  SERVICE_ITEM_KIND_UNION_FACILITY: '工会阵地',
  SERVICE_ITEM_KIND_PAYOUT_PROGRAMME: '资金发放项目',
  SERVICE_ITEM_KIND_INSURANCE: '保险',
};

export const payoutBatchStateNames: Record<string, string> = {
  PAYOUT_BATCH_STATE_AWAITING_APPROVAL: '待审批',
  PAYOUT_BATCH_STATE_APPROVED: '已批准（发放中）',
  PAYOUT_BATCH_STATE_DECLINED: '已拒绝',
};

export const payoutItemStateNames: Record<string, string> = {
  PAYOUT_ITEM_STATE_AWAITING: '待审批',
  PAYOUT_ITEM_STATE_QUEUED: '排队中',
  PAYOUT_ITEM_STATE_AT_BANK: '银行处理中',
  PAYOUT_ITEM_STATE_PAID: '已到账',
  PAYOUT_ITEM_STATE_FAILED: '失败',
  PAYOUT_ITEM_STATE_WITHDRAWN: '已撤回',
};

export const differenceKindNames: Record<string, string> = {
  KIND_MISSING_AT_BANK: '银行流水缺少（我方已记账）',
  KIND_UNKNOWN_AT_BANK: '银行多出（我方无记录）',
  KIND_AMOUNT_MISMATCH: '金额不符',
  KIND_CARD_MISMATCH: '卡号不符',
  KIND_DUPLICATE_AT_BANK: '银行重复入账',
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
  SERVICE_ITEM_KIND_MERCHANT_OFFER: '商户优惠',
  SERVICE_ITEM_KIND_LEGAL_ADVICE: '法律咨询',
  SERVICE_ITEM_KIND_HARDSHIP_ASSISTANCE: '帮扶救助',
  SERVICE_ITEM_KIND_TRAINING_AND_JOBS: '技能培训与就业',
};

export const helpKindNames: Record<string, string> = {
  HELP_KIND_LEGAL_ADVICE: '法律咨询',
  HELP_KIND_HARDSHIP_ASSISTANCE: '帮扶救助',
};

export const helpStateNames: Record<string, string> = {
  HELP_REQUEST_STATE_SUBMITTED: '待受理',
  HELP_REQUEST_STATE_ACCEPTED: '已受理',
  HELP_REQUEST_STATE_ANSWERED: '已答复',
  HELP_REQUEST_STATE_CLOSED: '已关闭',
};

// "约 15 分钟" / "45 秒" for a wait in seconds.
export function waitText(seconds: number): string {
  if (!(seconds > 0)) return '';
  if (seconds < 90) return `${Math.ceil(seconds)} 秒`;
  return `约 ${Math.ceil(seconds / 60)} 分钟`;
}
