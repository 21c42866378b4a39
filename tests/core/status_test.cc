#include "core/status.h"

#include "test_util.h"

namespace oar {
namespace {

StatusOr<int> Half(int x) {
  if (x % 2) return InvalidArgument("odd: " + std::to_string(x));
  return x / 2;
}

Status UseHalf(int x, int* out) {
  OAR_ASSIGN_OR_RETURN(*out, Half(x));
  return Status::OK();
}

TEST(StatusTest, OkAndError) {
  EXPECT_TRUE(Status::OK().ok());
  Status s = NotFound("missing file 'a'");
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.code(), ErrorCode::kNotFound);
  EXPECT_EQ(s.ToString(), "NotFound: missing file 'a'");
  EXPECT_EQ(s.WithPrefix("paddle: ").message(), "paddle: missing file 'a'");
}

TEST(StatusTest, StatusOrPropagates) {
  int out = 0;
  OAR_EXPECT_OK(UseHalf(8, &out));
  EXPECT_EQ(out, 4);
  Status s = UseHalf(3, &out);
  EXPECT_EQ(s.code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(s.message().find("odd: 3"), std::string::npos);
}

}  // namespace
}  // namespace oar
