// The API's shape rules (issue 11; docs/architecture.md §4), checked over
// the compiled descriptors of every .proto of unioncard (a descriptor set
// protoc writes at build time, with comments):
//   request-per-rpc   each RPC takes a message of its own, named
//                     <Rpc>Request, that no other RPC takes;
//   enum-zero         each enum's value 0 is <ENUM_NAME>_UNSPECIFIED;
//   enum-prefix       each enum value starts with <ENUM_NAME>_;
//   numeric-comment   each number field of a request (identifiers aside)
//                     says its range or unit in a comment;
//   text-comment      each text field of a request (identifiers aside)
//                     says its length or form in a comment (issue 17).
// Today's breaches are listed in proto_lint_baseline.txt. The test fails on
// a breach not listed there (a new one) and on a listed one that is gone
// (take it off the list): the list only shrinks.
#include <google/protobuf/descriptor.h>
#include <google/protobuf/descriptor.pb.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "common/text/upper_snake.h"
#include "gtest/gtest.h"

namespace unioncard::lint {
namespace {

namespace pb = google::protobuf;

using text::UpperSnake;

bool Ours(const pb::FileDescriptor* file) {
  return absl::StartsWith(file->package(), "unioncard.");
}

bool IsNumber(const pb::FieldDescriptor* field) {
  switch (field->cpp_type()) {
    case pb::FieldDescriptor::CPPTYPE_INT32:
    case pb::FieldDescriptor::CPPTYPE_INT64:
    case pb::FieldDescriptor::CPPTYPE_UINT32:
    case pb::FieldDescriptor::CPPTYPE_UINT64:
    case pb::FieldDescriptor::CPPTYPE_DOUBLE:
    case pb::FieldDescriptor::CPPTYPE_FLOAT:
      return true;
    default:
      return false;
  }
}

bool IsText(const pb::FieldDescriptor* field) {
  return field->cpp_type() == pb::FieldDescriptor::CPPTYPE_STRING;
}

// The bytes a message puts on the wire, without any name: each field's
// number, label and type, nested messages spelled out, enums as their
// numbers. Two protos with the same shape read each other's bytes.
std::string WireShape(const pb::Descriptor* m, int depth = 0) {
  if (!absl::StartsWith(m->full_name(), "unioncard.") || depth > 8) {
    return m->full_name();  // a well-known type such as Timestamp
  }
  std::vector<std::string> fields;
  for (int i = 0; i < m->field_count(); ++i) {
    const pb::FieldDescriptor* f = m->field(i);
    std::string type;
    if (f->message_type() != nullptr) {
      type = WireShape(f->message_type(), depth + 1);
    } else if (f->enum_type() != nullptr) {
      std::vector<std::string> numbers;
      for (int v = 0; v < f->enum_type()->value_count(); ++v) {
        numbers.push_back(absl::StrCat(f->enum_type()->value(v)->number()));
      }
      type = absl::StrCat("enum[", absl::StrJoin(numbers, ","), "]");
    } else {
      type = f->type_name();
    }
    fields.push_back(absl::StrCat(f->number(), ":",
                                  f->is_repeated() ? "repeated " : "",
                                  f->has_presence() ? "optional " : "", type));
  }
  return absl::StrCat("{", absl::StrJoin(fields, " "), "}");
}

class ProtoLint : public ::testing::Test {
 protected:
  void SetUp() override {
    std::ifstream in(UNIONCARD_PROTOSET, std::ios::binary);
    ASSERT_TRUE(in) << UNIONCARD_PROTOSET;
    pb::FileDescriptorSet set;
    ASSERT_TRUE(set.ParseFromIstream(&in));
    for (const pb::FileDescriptorProto& file : set.file()) {
      const pb::FileDescriptor* built = pool_.BuildFile(file);
      ASSERT_NE(built, nullptr) << file.name();
      if (Ours(built)) files_.push_back(built);
    }
    ASSERT_FALSE(files_.empty());
  }

  void CheckEnum(const pb::EnumDescriptor* e,
                 std::set<std::string>& breaches) const {
    const std::string prefix = UpperSnake(e->name()) + "_";
    if (e->value(0)->number() != 0 ||
        e->value(0)->name() != prefix + "UNSPECIFIED") {
      breaches.insert(absl::StrCat("enum-zero ", e->full_name()));
    }
    for (int v = 0; v < e->value_count(); ++v) {
      if (!absl::StartsWith(e->value(v)->name(), prefix)) {
        breaches.insert(absl::StrCat("enum-prefix ", e->full_name()));
        break;
      }
    }
  }

  void CheckMessageEnums(const pb::Descriptor* m,
                         std::set<std::string>& breaches) const {
    for (int i = 0; i < m->enum_type_count(); ++i) {
      CheckEnum(m->enum_type(i), breaches);
    }
    for (int i = 0; i < m->nested_type_count(); ++i) {
      CheckMessageEnums(m->nested_type(i), breaches);
    }
  }

  std::set<std::string> Breaches() const {
    std::set<std::string> breaches;
    std::map<std::string, std::vector<std::string>> takers;  // request → rpcs
    for (const pb::FileDescriptor* file : files_) {
      for (int i = 0; i < file->enum_type_count(); ++i) {
        CheckEnum(file->enum_type(i), breaches);
      }
      for (int i = 0; i < file->message_type_count(); ++i) {
        CheckMessageEnums(file->message_type(i), breaches);
      }
      for (int s = 0; s < file->service_count(); ++s) {
        const pb::ServiceDescriptor* service = file->service(s);
        for (int m = 0; m < service->method_count(); ++m) {
          const pb::MethodDescriptor* rpc = service->method(m);
          const pb::Descriptor* request = rpc->input_type();
          takers[request->full_name()].push_back(rpc->full_name());
          if (request->name() != rpc->name() + "Request") {
            breaches.insert(absl::StrCat("request-per-rpc ", rpc->full_name(),
                                         " takes ", request->full_name()));
          }
          for (int f = 0; f < request->field_count(); ++f) {
            const pb::FieldDescriptor* field = request->field(f);
            pb::SourceLocation where;
            // Identifiers (id, member_id) name a thing; their range is
            // "one that exists". Every other number says its range.
            const bool identifier =
                field->name() == "id" || absl::EndsWith(field->name(), "_id");
            const bool uncommented =
                field->GetSourceLocation(&where) &&
                absl::StripAsciiWhitespace(where.leading_comments).empty() &&
                absl::StripAsciiWhitespace(where.trailing_comments).empty();
            if (!identifier && uncommented && IsNumber(field)) {
              breaches.insert(
                  absl::StrCat("numeric-comment ", field->full_name()));
            }
            if (!identifier && uncommented && IsText(field)) {
              breaches.insert(
                  absl::StrCat("text-comment ", field->full_name()));
            }
          }
        }
      }
    }
    for (const auto& [request, rpcs] : takers) {
      if (rpcs.size() > 1) {
        breaches.insert(absl::StrCat("request-per-rpc ", request,
                                     " is taken by ", rpcs.size(), " rpcs"));
      }
    }
    return breaches;
  }

  static std::set<std::string> Baseline() {
    std::set<std::string> listed;
    std::ifstream in(UNIONCARD_PROTO_LINT_BASELINE);
    std::string line;
    while (std::getline(in, line)) {
      line = std::string(absl::StripAsciiWhitespace(line));
      if (!line.empty() && line[0] != '#') listed.insert(line);
    }
    return listed;
  }

  pb::DescriptorPool pool_;
  std::vector<const pb::FileDescriptor*> files_;
};

TEST_F(ProtoLint, UpperSnakeSplitsWordsAndAcronyms) {
  EXPECT_EQ(UpperSnake("ReviewState"), "REVIEW_STATE");
  EXPECT_EQ(UpperSnake("Kind"), "KIND");
  EXPECT_EQ(UpperSnake("PayoutItemState"), "PAYOUT_ITEM_STATE");
  EXPECT_EQ(UpperSnake("HTTPMethod"), "HTTP_METHOD");
}

TEST_F(ProtoLint, NoBreachBeyondTheBaselineAndNoneOfItFixedButListed) {
  const std::set<std::string> found = Breaches();
  const std::set<std::string> listed = Baseline();
  std::vector<std::string> fresh, gone;
  for (const std::string& b : found) {
    if (!listed.count(b)) fresh.push_back(b);
  }
  for (const std::string& b : listed) {
    if (!found.count(b)) gone.push_back(b);
  }
  int methods = 0;
  for (const pb::FileDescriptor* file : files_) {
    for (int s = 0; s < file->service_count(); ++s) {
      methods += file->service(s)->method_count();
    }
  }
  std::printf("proto lint: %zu files, %d rpcs, %zu breaches (all listed: %s)\n",
              files_.size(), methods, found.size(),
              fresh.empty() ? "yes" : "no");
  EXPECT_TRUE(fresh.empty()) << "new breaches of the API rules "
                                "(docs/architecture.md §4) — fix them:\n  "
                             << absl::StrJoin(fresh, "\n  ");
  EXPECT_TRUE(gone.empty())
      << "fixed, so take them off tests/lint/proto_lint_baseline.txt:\n  "
      << absl::StrJoin(gone, "\n  ");
}

// The partner bank's link (bank.v1) keeps its wire: the path of every RPC
// and the shape of what it takes and answers, recorded in
// bank_wire_shape.txt. Names may change (issue 11 renamed the link's
// enum values and four messages); numbers, types and paths may not without
// a new version agreed with the bank.
TEST_F(ProtoLint, TheBankLinkKeepsItsWire) {
  std::vector<std::string> lines;
  for (const pb::FileDescriptor* file : files_) {
    if (file->package() != "unioncard.bank.v1") continue;
    for (int s = 0; s < file->service_count(); ++s) {
      const pb::ServiceDescriptor* service = file->service(s);
      for (int m = 0; m < service->method_count(); ++m) {
        const pb::MethodDescriptor* rpc = service->method(m);
        lines.push_back(absl::StrCat("/", service->full_name(), "/",
                                     rpc->name(), " takes ",
                                     WireShape(rpc->input_type())));
        lines.push_back(absl::StrCat("/", service->full_name(), "/",
                                     rpc->name(), " answers ",
                                     WireShape(rpc->output_type())));
      }
    }
  }
  std::sort(lines.begin(), lines.end());
  const std::string shape = absl::StrCat(absl::StrJoin(lines, "\n"), "\n");
  std::ifstream in(UNIONCARD_BANK_WIRE_SHAPE);
  std::string recorded, line;
  while (std::getline(in, line)) {
    if (!line.empty() && line[0] != '#') absl::StrAppend(&recorded, line, "\n");
  }
  std::printf("bank link: %zu rpcs, wire %s\n", lines.size() / 2,
              shape == recorded ? "unchanged" : "CHANGED");
  EXPECT_EQ(shape, recorded)
      << "the bank link's wire changed; if agreed with the bank, record it "
         "in tests/lint/bank_wire_shape.txt";
}

// The portal colours a state by a CSS class carrying the enum value's name
// as the gateway prints it (`.tag-CARD_STATE_LOST`). A renamed or removed
// value leaves a selector that never matches, and no browser test looks at
// colours, so every such name in the portal's stylesheets must be a value
// of one of our enums.
TEST_F(ProtoLint, PortalStylesNameRealEnumValues) {
  std::set<std::string> values;
  std::vector<const pb::EnumDescriptor*> enums;
  std::vector<const pb::Descriptor*> messages;
  for (const pb::FileDescriptor* file : files_) {
    for (int i = 0; i < file->enum_type_count(); ++i) {
      enums.push_back(file->enum_type(i));
    }
    for (int i = 0; i < file->message_type_count(); ++i) {
      messages.push_back(file->message_type(i));
    }
  }
  while (!messages.empty()) {
    const pb::Descriptor* m = messages.back();
    messages.pop_back();
    for (int i = 0; i < m->enum_type_count(); ++i)
      enums.push_back(m->enum_type(i));
    for (int i = 0; i < m->nested_type_count(); ++i) {
      messages.push_back(m->nested_type(i));
    }
  }
  for (const pb::EnumDescriptor* e : enums) {
    for (int v = 0; v < e->value_count(); ++v)
      values.insert(e->value(v)->name());
  }
  const std::regex selector(R"(\.[a-z][a-z-]*-([A-Z][A-Z0-9_]+)\b)");
  int sheets = 0, names = 0;
  std::vector<std::string> unknown;
  for (const auto& entry :
       std::filesystem::recursive_directory_iterator(UNIONCARD_PORTAL_SRC)) {
    if (entry.path().extension() != ".css") continue;
    ++sheets;
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    const std::string css = text.str();
    for (std::sregex_iterator it(css.begin(), css.end(), selector), end;
         it != end; ++it) {
      ++names;
      if (!values.count((*it)[1])) {
        unknown.push_back(
            absl::StrCat(entry.path().filename().string(), ": ", it->str()));
      }
    }
  }
  std::printf("portal styles: %d sheets, %d enum-named selectors\n", sheets,
              names);
  EXPECT_GT(names, 0);
  EXPECT_TRUE(unknown.empty())
      << "selectors naming no enum value (renamed?):\n  "
      << absl::StrJoin(unknown, "\n  ");
}

}  // namespace
}  // namespace unioncard::lint
