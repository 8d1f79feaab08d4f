#include "tools/bank-sim/delivery_queue.h"

#include <condition_variable>
#include <functional>
#include <mutex>
#include <set>
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
            2);  // acknowledged
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

TEST(DeliveryQueueTest, TwoSendersSendEveryMessageOnce) {
  DeliveryQueue<Transaction> queue;
  for (int i = 0; i < 5000; ++i) {
    queue.Push(absl::Now(), Txn(std::to_string(i)));
  }
  std::mutex mu;
  std::map<std::string, int> times_sent;
  auto sender = [&] {
    while (queue.DeliverDue(
               [&](const std::vector<Transaction>& batch) {
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
}

// Messages out in calls still awaiting an answer are pending, however many
// calls are out at once.
TEST(DeliveryQueueTest, CallsAwaitingAnAnswerCountAsPending) {
  DeliveryQueue<Transaction> queue;
  for (int i = 0; i < 200; ++i) {
    queue.Push(absl::Now(), Txn(std::to_string(i)));
  }
  std::mutex mu;
  std::condition_variable changed;
  int calls_out = 0;
  std::set<int> released;  // senders allowed to have their answer
  auto sender = [&](int n) {
    queue.DeliverDue(
        [&](const std::vector<Transaction>& batch) {
          std::unique_lock<std::mutex> lock(mu);
          ++calls_out;
          changed.notify_all();
          changed.wait(lock, [&] { return released.count(n) > 0; });
          return AckAll(batch);
        },
        100);
  };
  std::thread first(sender, 1), second(sender, 2);
  auto wait_for = [&](const std::function<bool()>& done) {
    std::unique_lock<std::mutex> lock(mu);
    ASSERT_TRUE(changed.wait_for(lock, std::chrono::seconds(10), done));
  };
  wait_for([&] { return calls_out == 2; });
  EXPECT_EQ(queue.pending(), 200);  // all 200 out, in two calls
  {
    std::lock_guard<std::mutex> lock(mu);
    released.insert(1);
    changed.notify_all();
  }
  first.join();
  EXPECT_EQ(queue.pending(), 100);
  EXPECT_EQ(queue.acknowledged(), 100);
  {
    std::lock_guard<std::mutex> lock(mu);
    released.insert(2);
    changed.notify_all();
  }
  second.join();
  EXPECT_EQ(queue.pending(), 0);
  EXPECT_EQ(queue.acknowledged(), 200);
}

}  // namespace
}  // namespace unioncard::banksim
