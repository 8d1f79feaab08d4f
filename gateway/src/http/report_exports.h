#ifndef UNIONCARD_GATEWAY_SRC_HTTP_REPORT_EXPORTS_H_
#define UNIONCARD_GATEWAY_SRC_HTTP_REPORT_EXPORTS_H_

#include <functional>
#include <map>
#include <string>

#include "common/report/report.h"
#include "google/protobuf/message.h"

namespace unioncard::gateway {

// A download: which RPC answers it and how its answer becomes the table
// the federation files (common/report, the same tables unionctl prints).
struct ReportExport {
  std::string method;     // "unioncard.assessment.v1.AssessmentService/…"
  std::string file_stem;  // "bulletin" → bulletin-2017-06-30.xlsx
  std::function<report::Report(
      const google::protobuf::Message& answer,
      const std::map<std::string, std::string>& variables)>
      to_report;
};

// By native handler name ("export.bulletin", …); the route table names
// them for GET …:export?format=csv|xlsx.
const std::map<std::string, ReportExport>& ReportExports();

}  // namespace unioncard::gateway

#endif  // UNIONCARD_GATEWAY_SRC_HTTP_REPORT_EXPORTS_H_
