#ifndef UNIONCARD_COMMON_TESTING_GRPC_CALL_H_
#define UNIONCARD_COMMON_TESTING_GRPC_CALL_H_

#include "common/grpc/call_as.h"

namespace unioncard::testing {

// Tests write testing::CallAs(stub, &Stub::GetCard, token, request).
using rpc::CallAs;

}  // namespace unioncard::testing

#endif  // UNIONCARD_COMMON_TESTING_GRPC_CALL_H_
