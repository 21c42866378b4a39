#include "core/byte_io.h"

#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <vector>

#include "test_util.h"

namespace oar {
namespace {

bool Contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

TEST(ByteIoTest, FixedWidthIsLittleEndian) {
  ByteWriter w;
  w.WriteU16(0x0102);
  w.WriteU32(0x03040506u);
  w.WriteU64(0x0708090a0b0c0d0eULL);
  w.WriteI32(-2);
  const std::string expected("\x02\x01\x06\x05\x04\x03\x0e\x0d\x0c\x0b\x0a\x09\x08\x07\xfe\xff\xff\xff", 18);
  EXPECT_EQ(w.buffer(), expected);
  EXPECT_EQ(w.size(), 18u);
}

TEST(ByteIoTest, RoundTripsEveryType) {
  std::mt19937_64 rng(41);
  std::vector<uint64_t> u64s = {0, 1, 127, 128, 16383, 16384, (1ULL << 35) + 3, std::numeric_limits<uint64_t>::max()};
  std::vector<int64_t> i64s = {0, -1, 1, -64, 63, -65, 64, std::numeric_limits<int64_t>::min(),
                               std::numeric_limits<int64_t>::max()};
  for (int i = 0; i < 50; ++i) {
    u64s.push_back(rng() >> (rng() % 64));
    i64s.push_back(static_cast<int64_t>(rng()) >> (rng() % 64));
  }
  const float nan_payload = [] {
    uint32_t bits = 0x7fc01234u;
    float f;
    std::memcpy(&f, &bits, 4);
    return f;
  }();
  ByteWriter w;
  w.WriteU8(0xab);
  w.WriteBool(true);
  w.WriteBool(false);
  w.WriteI64(-1234567890123LL);
  w.WriteF32(-0.0f);
  w.WriteF32(nan_payload);
  w.WriteF64(3.141592653589793);
  for (uint64_t v : u64s) w.WriteVarU64(v);
  for (int64_t v : i64s) w.WriteVarI64(v);
  w.WriteString("");
  w.WriteString(std::string("a\0b", 3));
  w.WriteBytes("xyz", 3);
  const std::string bytes = w.Release();
  EXPECT_TRUE(w.buffer().empty());

  ByteReader r(bytes);
  uint8_t u8;
  bool b1, b2;
  int64_t i64;
  float f0, f1;
  double d;
  OAR_ASSERT_OK(r.ReadU8(&u8, "u8"));
  OAR_ASSERT_OK(r.ReadBool(&b1, "b"));
  OAR_ASSERT_OK(r.ReadBool(&b2, "b"));
  OAR_ASSERT_OK(r.ReadI64(&i64, "i64"));
  OAR_ASSERT_OK(r.ReadF32(&f0, "f32"));
  OAR_ASSERT_OK(r.ReadF32(&f1, "f32"));
  OAR_ASSERT_OK(r.ReadF64(&d, "f64"));
  EXPECT_EQ(u8, 0xab);
  EXPECT_TRUE(b1);
  EXPECT_FALSE(b2);
  EXPECT_EQ(i64, -1234567890123LL);
  EXPECT_TRUE(std::signbit(f0));
  EXPECT_EQ(std::memcmp(&f1, &nan_payload, 4), 0);
  EXPECT_EQ(d, 3.141592653589793);
  for (uint64_t v : u64s) {
    uint64_t got;
    OAR_ASSERT_OK(r.ReadVarU64(&got, "varint"));
    EXPECT_EQ(got, v);
  }
  for (int64_t v : i64s) {
    int64_t got;
    OAR_ASSERT_OK(r.ReadVarI64(&got, "svarint"));
    EXPECT_EQ(got, v);
  }
  std::string s0, s1;
  char raw[3];
  OAR_ASSERT_OK(r.ReadString(&s0, "s"));
  OAR_ASSERT_OK(r.ReadString(&s1, "s"));
  OAR_ASSERT_OK(r.ReadBytes(raw, 3, "raw"));
  EXPECT_EQ(s0, "");
  EXPECT_EQ(s1, std::string("a\0b", 3));
  EXPECT_EQ(std::string(raw, 3), "xyz");
  EXPECT_TRUE(r.AtEnd());
}

TEST(ByteIoTest, VarintSizes) {
  auto size_of = [](uint64_t v) {
    ByteWriter w;
    w.WriteVarU64(v);
    return w.size();
  };
  EXPECT_EQ(size_of(0), 1u);
  EXPECT_EQ(size_of(127), 1u);
  EXPECT_EQ(size_of(128), 2u);
  EXPECT_EQ(size_of(std::numeric_limits<uint64_t>::max()), 10u);
  ByteWriter w;
  w.WriteVarI64(-1);  // zigzag: -1 -> 1
  EXPECT_EQ(w.buffer(), std::string("\x01", 1));
}

TEST(ByteIoTest, TruncationNamesPositionAndField) {
  ByteWriter w;
  w.WriteU16(7);
  const std::string bytes = w.Release();
  ByteReader r(bytes, "test decode");
  uint32_t v;
  Status s = r.ReadU32(&v, "the width");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(s.message(), "test decode: truncated at byte 0 while reading the width");

  uint16_t u16;
  OAR_ASSERT_OK(r.ReadU16(&u16, "u16"));
  uint8_t u8;
  s = r.ReadU8(&u8, "a flag");
  EXPECT_TRUE(Contains(s.message(), "truncated at byte 2 while reading a flag")) << s.message();
}

TEST(ByteIoTest, EveryPrefixOfEveryReadFails) {
  ByteWriter w;
  w.WriteU64(1);
  w.WriteVarU64(300000);
  w.WriteString("hello");
  w.WriteF64(2.5);
  const std::string bytes = w.Release();
  for (size_t cut = 0; cut < bytes.size(); ++cut) {
    const std::string prefix = bytes.substr(0, cut);
    ByteReader r(prefix);
    uint64_t a, b;
    std::string s;
    double d;
    Status st = r.ReadU64(&a, "a");
    if (st.ok()) st = r.ReadVarU64(&b, "b");
    if (st.ok()) st = r.ReadString(&s, "s");
    if (st.ok()) st = r.ReadF64(&d, "d");
    ASSERT_FALSE(st.ok()) << cut;
    EXPECT_EQ(st.code(), ErrorCode::kInvalidArgument);
  }
}

TEST(ByteIoTest, RejectsMalformedVarintsBoolsAndCounts) {
  {
    const std::string eleven(11, '\x80');
    ByteReader r(eleven);
    uint64_t v;
    Status s = r.ReadVarU64(&v, "an id");
    EXPECT_TRUE(Contains(s.message(), "overflows 64 bits while reading an id")) << s.message();
  }
  {
    // 10th byte carrying more than the top bit.
    std::string over(9, '\xff');
    over.push_back('\x02');
    ByteReader r(over);
    uint64_t v;
    EXPECT_FALSE(r.ReadVarU64(&v, "x").ok());
  }
  {
    const std::string two("\x02", 1);
    ByteReader r(two);
    bool b;
    Status s = r.ReadBool(&b, "flag");
    EXPECT_TRUE(Contains(s.message(), "bad bool 2 at byte 0 in flag")) << s.message();
  }
  {
    ByteWriter w;
    w.WriteVarU64(1ULL << 40);
    w.WriteBytes("abcdefgh", 8);
    const std::string bytes = w.Release();
    ByteReader r(bytes);
    uint64_t n;
    Status s = r.ReadCount(&n, 1, "items");
    EXPECT_TRUE(Contains(s.message(), "count 1099511627776 at byte 0 for items exceeds the 8 bytes left"))
        << s.message();
    ByteReader r2(bytes);
    std::string str;
    EXPECT_FALSE(r2.ReadString(&str, "name").ok());
  }
  {
    ByteWriter w;
    w.WriteVarU64(3);
    w.WriteBytes("abcdefgh", 8);
    const std::string bytes = w.Release();
    ByteReader r(bytes);
    uint64_t n;
    EXPECT_FALSE(r.ReadCount(&n, 4, "wide items").ok());  // 3 * 4 > 8
    ByteReader r2(bytes);
    OAR_ASSERT_OK(r2.ReadCount(&n, 2, "items"));
    EXPECT_EQ(n, 3u);
  }
}

TEST(ByteIoTest, StreamingWriterMatchesInMemory) {
  std::string streamed;
  size_t chunks = 0;
  ByteWriter s([&](const char* data, size_t size) {
    streamed.append(data, size);
    ++chunks;
  }, 16);
  ByteWriter m;
  std::vector<char> big(1000);
  for (size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>(i * 31 + 7);
  for (ByteWriter* w : {&s, &m}) {
    for (int i = 0; i < 40; ++i) {
      w->WriteVarI64(-i * 1000);
      w->WriteU32(static_cast<uint32_t>(i));
      w->WriteString("name" + std::to_string(i));
    }
    w->WriteBytes(big.data(), big.size());
    w->WriteF32(1.5f);
  }
  EXPECT_EQ(s.size(), m.size());
  s.Flush();
  EXPECT_EQ(streamed, m.buffer());
  EXPECT_GT(chunks, 10u);
  EXPECT_TRUE(s.buffer().empty());
}

}  // namespace
}  // namespace oar
