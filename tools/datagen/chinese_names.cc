#include "tools/datagen/chinese_names.h"

#include <array>
#include <utility>

#include "absl/strings/str_cat.h"

namespace unioncard::datagen {
namespace {

// Surname and weight (per ten thousand people, rounded; northern China).
constexpr std::pair<const char*, int> kSurnames[] = {
    {"王", 750}, {"李", 760}, {"张", 720}, {"刘", 640}, {"陈", 350},
    {"杨", 310}, {"赵", 280}, {"黄", 150}, {"周", 170}, {"吴", 170},
    {"徐", 140}, {"孙", 180}, {"马", 170}, {"朱", 120}, {"胡", 110},
    {"郭", 140}, {"何", 80},  {"高", 140}, {"林", 60},  {"罗", 60},
    {"郑", 80},  {"梁", 80},  {"谢", 50},  {"宋", 90},  {"唐", 50},
    {"许", 60},  {"韩", 90},  {"冯", 70},  {"邓", 40},  {"曹", 70},
    {"彭", 40},  {"曾", 20},  {"肖", 40},  {"田", 70},  {"董", 80},
    {"袁", 40},  {"潘", 30},  {"于", 80},  {"蒋", 30},  {"蔡", 30},
    {"余", 20},  {"杜", 60},  {"叶", 20},  {"程", 50},  {"苏", 50},
    {"魏", 60},  {"吕", 50},  {"丁", 40},  {"任", 50},  {"沈", 30},
    {"姚", 30},  {"卢", 40},  {"姜", 40},  {"崔", 50},  {"钟", 20},
    {"谭", 20},  {"陆", 20},  {"汪", 20},  {"范", 40},  {"金", 30},
    {"石", 40},  {"贾", 50},  {"夏", 20},  {"付", 40},  {"方", 20},
    {"白", 40},  {"邹", 20},  {"孟", 50},  {"秦", 30},  {"邱", 20},
    {"尹", 30},  {"薛", 30},  {"闫", 50},  {"段", 30},  {"侯", 40},
    {"史", 40},  {"郝", 40},  {"邵", 20},  {"武", 40},  {"戴", 20},
    {"孔", 20},  {"常", 30},  {"牛", 30},  {"申", 20},  {"耿", 20},
    {"欧阳", 3}, {"司马", 1}, {"诸葛", 1}, {"上官", 1}, {"东方", 1},
};

constexpr const char* kMaleGiven[] = {
    "伟", "强", "磊", "军", "勇", "杰", "涛", "斌", "超", "明", "刚", "平",
    "辉", "鹏", "华", "飞", "鑫", "波", "宇", "浩", "凯", "健", "俊", "帆",
    "帅", "旭", "宁", "龙", "林", "阳", "建", "国", "志", "海", "亮", "峰",
    "东", "文", "博", "晨", "振", "永", "庆", "春", "立", "新", "金", "瑞"};
constexpr const char* kFemaleGiven[] = {
    "芳", "娜", "敏", "静", "丽", "艳", "娟", "霞", "燕", "玲", "桂", "英",
    "秀", "兰", "萍", "红", "洁", "琳", "婷", "雪", "慧", "颖", "倩", "晶",
    "欣", "悦", "佳", "玉", "梅", "莉", "凤", "丹", "琴", "云", "莹", "月",
    "璐", "瑶", "春", "立", "新", "金", "瑞", "淑", "彩", "荣", "爱", "素"};
constexpr const char* kUyghurParts[] = {
    "阿卜杜拉", "买买提", "艾力", "热依拉", "古丽",     "阿依古丽",
    "努尔",     "吐尔逊", "艾山", "米吉提", "帕提古丽", "依明"};

constexpr const char* kFirmWords[] = {
    "恒信", "华北", "渤海", "宏达", "金鼎", "永盛", "鑫源", "利民", "兴业",
    "东方", "北方", "新兴", "长城", "运河", "福瑞", "瑞丰", "华英", "天成",
    "汇通", "博远", "明珠", "津冀", "正元", "盛达", "泰和", "中信", "德隆"};
constexpr const char* kIndustries[] = {
    "机械制造", "管道装备", "化工", "纺织",     "食品",     "建材",
    "物流",     "商贸",     "电子", "汽车配件", "铸造",     "五金",
    "服装",     "印刷",     "医药", "农业科技", "建筑工程", "环保设备"};
constexpr const char* kFirmTypes[] = {"有限公司", "有限公司", "股份有限公司",
                                      "集团有限公司", "厂"};
constexpr const char* kPublicUnits[] = {
    "人民医院",   "中医院",   "第一中学",   "第二中学",
    "实验小学",   "供电公司", "自来水公司", "公交公司",
    "邮政分公司", "税务局",   "交通运输局", "人力资源和社会保障局",
    "环卫处",     "农商银行"};
constexpr const char* kTownRoots[] = {
    "杜林",   "兴济",   "崔尔庄", "捷地",   "风化店", "纸房头",
    "旧州",   "大官厅", "汪家铺", "李天木", "高川",   "薛官屯",
    "仵龙堂", "张官屯", "姚官屯", "王寺",   "刘八里", "小营",
    "常庄",   "郭庄",   "黄递铺", "泊镇"};

template <typename T, size_t N>
const T& Pick(Random& random, const T (&items)[N]) {
  return items[random.Below(N)];
}

const char* RandomSurname(Random& random) {
  static const int total = [] {
    int sum = 0;
    for (const auto& s : kSurnames) sum += s.second;
    return sum;
  }();
  int roll = static_cast<int>(random.Below(total));
  for (const auto& [surname, weight] : kSurnames) {
    if (roll < weight) return surname;
    roll -= weight;
  }
  return "王";
}

}  // namespace

std::string RandomChineseName(Random& random, person::Gender gender) {
  if (random.Chance(0.003)) {
    return absl::StrCat(Pick(random, kUyghurParts), "·",
                        Pick(random, kUyghurParts));
  }
  const bool male = gender == person::Gender::kMale;
  std::string name = RandomSurname(random);
  const int given_length = random.Chance(0.3) ? 1 : 2;
  for (int i = 0; i < given_length; ++i) {
    absl::StrAppend(
        &name, male ? Pick(random, kMaleGiven) : Pick(random, kFemaleGiven));
  }
  return name;
}

std::string RandomEmployerName(Random& random, const std::string& place) {
  if (random.Chance(0.12))
    return absl::StrCat(place, Pick(random, kPublicUnits));
  return absl::StrCat(place, Pick(random, kFirmWords),
                      Pick(random, kIndustries), Pick(random, kFirmTypes));
}

std::string RandomTownName(Random& random) {
  const std::string root = Pick(random, kTownRoots);
  return root.size() > 3 && root.substr(root.size() - 3) == "镇"
             ? root
             : absl::StrCat(root, "镇");
}

}  // namespace unioncard::datagen
