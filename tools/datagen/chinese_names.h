#ifndef UNIONCARD_TOOLS_DATAGEN_CHINESE_NAMES_H_
#define UNIONCARD_TOOLS_DATAGEN_CHINESE_NAMES_H_

#include <string>

#include "common/person/resident_id.h"
#include "tools/datagen/random.h"

namespace unioncard::datagen {

// A plausible full name: a surname drawn by its frequency in northern China
// (including rare compound surnames such as 欧阳), a one- or two-character
// given name fitting the gender, and now and then a transliterated Uyghur
// name with the separator dot (阿卜杜拉·买买提) so imports meet them.
std::string RandomChineseName(Random& random, person::Gender gender);

// A plausible employer name in `place` ("沧县"): "沧县恒信机械制造有限公司".
std::string RandomEmployerName(Random& random, const std::string& place);

// A plausible township name: "杜林镇".
std::string RandomTownName(Random& random);

}  // namespace unioncard::datagen

#endif  // UNIONCARD_TOOLS_DATAGEN_CHINESE_NAMES_H_
