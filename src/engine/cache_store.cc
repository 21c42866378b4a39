#include "engine/cache_store.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/byte_io.h"
#include "core/logging.h"
#include "core/version.h"
#include "engine/device_signature.h"
#include "ir/serialize.h"

namespace oar::engine {

namespace {

constexpr char kTrailerMagic[4] = {'O', 'A', 'R', 'E'};
constexpr size_t kTrailerBytes = 8 + 8 + 4;

StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound("engine cache: no file " + path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Holds an exclusive flock on <dir>/.lock while alive.
class DirLock {
 public:
  explicit DirLock(const std::string& dir) {
    fd_ = ::open((dir + "/.lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ >= 0 && ::flock(fd_, LOCK_EX) != 0) {
      ::close(fd_);
      fd_ = -1;
    }
  }
  ~DirLock() {
    if (fd_ >= 0) {
      ::flock(fd_, LOCK_UN);
      ::close(fd_);
    }
  }
  bool ok() const { return fd_ >= 0; }

 private:
  int fd_ = -1;
};

}  // namespace

std::string PlanCacheKey(const ir::Graph& subgraph, const BuilderConfig& config, const std::string& device_signature,
                         const std::string& calibration_table_id) {
  ByteWriter w;
  w.WriteString("oar engine plan key v1");
  w.WriteString(ir::GraphFingerprint(subgraph));
  w.WriteString(config.profile.ToString());
  w.WriteString(PrecisionName(config.precision));
  w.WriteI32(config.max_batch_size);
  w.WriteBool(config.allow_tf32);
  w.WriteString(calibration_table_id);
  w.WriteString(OAR_VERSION_STRING);
  w.WriteString(device_signature);
  return HashHex128(w.Release());
}

Status CacheStore::WriteAtomically(const std::string& name, const std::string& bytes) const {
  std::error_code ec;
  std::filesystem::create_directories(dir_, ec);
  if (ec) return InvalidArgument("engine cache: cannot create directory " + dir_ + ": " + ec.message());
  DirLock lock(dir_);
  if (!lock.ok()) return InvalidArgument("engine cache: cannot lock " + dir_ + "/.lock");
  const std::string target = dir_ + "/" + name;
  const std::string tmp = target + ".tmp." + std::to_string(::getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.flush();
    if (!out) {
      std::filesystem::remove(tmp, ec);
      return InvalidArgument("engine cache: cannot write " + tmp);
    }
  }
  std::filesystem::rename(tmp, target, ec);
  if (ec) {
    std::filesystem::remove(tmp, ec);
    return InvalidArgument("engine cache: cannot rename " + tmp + " to " + target + ": " + ec.message());
  }
  return Status::OK();
}

Status CacheStore::Store(const std::string& key, const Plan& plan) const {
  std::string bytes = plan.Serialize();
  ByteWriter trailer;
  trailer.WriteU64(bytes.size());
  trailer.WriteU64(Hash64(bytes));
  trailer.WriteBytes(kTrailerMagic, 4);
  return WriteAtomically(key + ".plan", bytes + trailer.Release());
}

StatusOr<Plan> CacheStore::Load(const std::string& key) const {
  const std::string path = PlanPath(key);
  OAR_ASSIGN_OR_RETURN(std::string bytes, ReadFile(path));
  if (bytes.size() < kTrailerBytes || bytes.compare(bytes.size() - 4, 4, kTrailerMagic, 4) != 0) {
    return InvalidArgument("engine cache: " + path + " is truncated or not a plan file (no end marker)");
  }
  ByteReader r(bytes.data() + bytes.size() - kTrailerBytes, kTrailerBytes, "engine cache trailer");
  uint64_t length = 0, checksum = 0;
  OAR_RETURN_IF_ERROR(r.ReadU64(&length, "length"));
  OAR_RETURN_IF_ERROR(r.ReadU64(&checksum, "checksum"));
  if (length != bytes.size() - kTrailerBytes) {
    return InvalidArgument("engine cache: " + path + " is truncated: expected " + std::to_string(length) +
                           " plan bytes, got " + std::to_string(bytes.size() - kTrailerBytes));
  }
  bytes.resize(length);
  if (Hash64(bytes) != checksum) return InvalidArgument("engine cache: " + path + " is corrupt (checksum mismatch)");
  auto plan = Plan::Deserialize(bytes);
  if (!plan.ok()) return plan.status().WithPrefix(path + ": ");
  return plan;
}

StatusOr<CacheLookup> CacheStore::LoadOrBuild(const std::string& key,
                                              const std::function<StatusOr<Plan>()>& build) const {
  CacheLookup out;
  out.path = PlanPath(key);
  auto t0 = std::chrono::steady_clock::now();
  StatusOr<Plan> loaded = Load(key);
  if (loaded.ok()) {
    out.plan = std::move(loaded).value();
    out.loaded = true;
    out.load_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    return out;
  }
  if (loaded.status().code() != ErrorCode::kNotFound) {
    WarnOnce("engine-cache:" + out.path, "engine cache: not using " + out.path + " (" + loaded.status().ToString() +
                                             "); rebuilding it");
  }
  OAR_ASSIGN_OR_RETURN(out.plan, build());
  Status stored = Store(key, out.plan);
  if (!stored.ok()) WarnOnce("engine-cache-write:" + out.path, stored.message() + "; the plan is used unsaved");
  return out;
}

void CacheStore::LoadTimingCache(TimingCache* cache) const {
  auto text = ReadFile(dir_ + "/timing.cache");
  if (!text.ok()) return;
  auto parsed = TimingCache::Deserialize(text.value());
  if (!parsed.ok()) {
    WarnOnce("engine-timing-cache:" + dir_, "engine cache: ignoring " + dir_ + "/timing.cache (" +
                                                parsed.status().message() + "); it will be rewritten");
    return;
  }
  cache->Merge(parsed.value());
}

Status CacheStore::StoreTimingCache(const TimingCache& cache) const {
  return WriteAtomically("timing.cache", cache.Serialize());
}

}  // namespace oar::engine
