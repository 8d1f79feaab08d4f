#include "tools/bank-sim/delivery_queue.h"

#include <atomic>
#include <thread>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace unioncard::banksim {
namespace {

using ::testing::ElementsAre;
using Transaction = bank::v1::CardTransaction;
using Acks = std::map<std::string, int>;

Transaction Txn(const std::string& id) {
  Transaction t;
  t.set_bank_transaction_id(id);
  return t;
}

std::vector<std::string> Ids(const std::vector<Transaction>& batch) {
  std::vector<std::string> ids;
  for (const Transaction& t : batch) ids.push_back(t.bank_transaction_id());
  return ids;
}

Acks AckAll(const std::vector<Transaction>& batch) {
  Acks acks;
  for (const Transaction& t : batch) acks[t.bank_transaction_id()] = 0;
  return acks;
}

TEST(DeliveryQueueTest, SendsWhatIsDueByDueTimeAndInPushOrderWithinATime) {
  DeliveryQueue<Transaction> queue;
  const absl::Time now = absl::Now();
  queue.Push(now - absl::Seconds(1), Txn("b"));
  queue.Push(now - absl::Seconds(2), Txn("a"));
  queue.Push(now - absl::Seconds(1), Txn("c"));
  queue.Push(now + absl::Hours(1), Txn("later"));

  std::vector<std::string> sent;
  EXPECT_EQ(queue.DeliverDue(
                [&](const std::vector<Transaction>& batch) {
                  sent = Ids(batch);
                  return AckAll(batch);
                },
                10),
            3);
  EXPECT_THAT(sent, ElementsAre("a", "b", "c"));
  EXPECT_EQ(queue.acknowledged(), 3);
  EXPECT_EQ(queue.pending(), 1);  // "later" is not due yet
}

TEST(DeliveryQueueTest, KeepsWhatWasNotAcknowledgedForLater) {
  DeliveryQueue<Transaction> queue;
  for (const char* id : {"a", "b", "c"}) queue.Push(absl::Now(), Txn(id));
  // "a" applied, "b" a repeat (6), "c" refused for now (14, UNAVAILABLE).
  EXPECT_EQ(queue.DeliverDue([](const std::vector<Transaction>&) {
    return Acks{{"a", 0}, {"b", 6}, {"c", 14}};
  }),
            3);
  EXPECT_EQ(queue.acknowledged(), 2);
  EXPECT_EQ(queue.pending(), 1);
  // "c" is resent only after a pause, not in the very next call.
  EXPECT_EQ(queue.DeliverDue(AckAll), 0);
  absl::SleepFor(absl::Milliseconds(250));
  EXPECT_EQ(queue.DeliverDue(AckAll), 1);
  EXPECT_EQ(queue.acknowledged(), 3);
  EXPECT_EQ(queue.pending(), 0);
}

TEST(DeliveryQueueTest, SendsAtMostMaxPerCall) {
  DeliveryQueue<Transaction> queue;
  for (const char* id : {"a", "b", "c"}) queue.Push(absl::Now(), Txn(id));
  std::vector<std::string> sent;
  auto record = [&](const std::vector<Transaction>& batch) {
    sent = Ids(batch);
    return AckAll(batch);
  };
  EXPECT_EQ(queue.DeliverDue(record, 2), 2);
  EXPECT_THAT(sent, ElementsAre("a", "b"));
  EXPECT_EQ(queue.DeliverDue(record, 2), 1);
  EXPECT_THAT(sent, ElementsAre("c"));
}

TEST(DeliveryQueueTest, TwoSendersSendEveryMessageOnceAndCountThoseInFlight) {
  DeliveryQueue<Transaction> queue;
  for (int i = 0; i < 5000; ++i) {
    queue.Push(absl::Now(), Txn(std::to_string(i)));
  }
  std::mutex mu;
  std::map<std::string, int> times_sent;
  std::atomic<int64_t> max_pending_seen{0};
  auto sender = [&] {
    while (queue.DeliverDue(
               [&](const std::vector<Transaction>& batch) {
                 max_pending_seen =
                     std::max<int64_t>(max_pending_seen, queue.pending());
                 std::lock_guard<std::mutex> lock(mu);
                 for (const Transaction& t : batch) {
                   ++times_sent[t.bank_transaction_id()];
                 }
                 return AckAll(batch);
               },
               100) > 0) {
    }
  };
  std::thread first(sender), second(sender);
  first.join();
  second.join();
  EXPECT_EQ(times_sent.size(), 5000u);
  for (const auto& [id, times] : times_sent) EXPECT_EQ(times, 1) << id;
  EXPECT_EQ(queue.acknowledged(), 5000);
  EXPECT_EQ(queue.pending(), 0);
  // Messages in flight count as pending until their answer.
  EXPECT_GE(max_pending_seen, 100);
}

}  // namespace
}  // namespace unioncard::banksim
