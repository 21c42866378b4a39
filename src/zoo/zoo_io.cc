#include "zoo/zoo_io.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace oar::zoo {
namespace {

bool HostIsLittleEndian() {
  const uint32_t one = 1;
  unsigned char first = 0;
  std::memcpy(&first, &one, 1);
  return first == 1;
}

}  // namespace

Status MakeDirs(const std::string& dir) {
  if (dir.empty()) return InvalidArgument("zoo: empty output directory");
  std::string partial;
  size_t pos = 0;
  while (pos != std::string::npos) {
    pos = dir.find('/', pos + 1);
    partial = dir.substr(0, pos);
    if (partial.empty()) continue;
    struct stat st;
    if (stat(partial.c_str(), &st) == 0) {
      if (!S_ISDIR(st.st_mode)) return Internal("zoo: '" + partial + "' exists and is not a directory");
      continue;
    }
    if (mkdir(partial.c_str(), 0755) != 0 && errno != EEXIST) {
      return Internal("zoo: cannot create directory '" + partial + "': " + std::strerror(errno));
    }
  }
  return Status::OK();
}

Status WriteFileAtomically(const std::string& path, const std::function<Status(std::ofstream&)>& write) {
  std::string tmp = path + ".tmp";
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    if (!f) return Internal("zoo: cannot open '" + tmp + "' for writing: " + std::strerror(errno));
    Status s = write(f);
    f.flush();
    if (s.ok() && !f) s = Internal("zoo: write to '" + tmp + "' failed (disk full?)");
    if (!s.ok()) {
      f.close();
      std::remove(tmp.c_str());
      return s;
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    return Internal("zoo: cannot rename '" + tmp + "' to '" + path + "': " + std::strerror(errno));
  }
  return Status::OK();
}

void AppendFloatsLE(const std::vector<float>& values, std::string* out) {
  size_t start = out->size();
  out->resize(start + values.size() * 4);
  char* dst = &(*out)[start];
  if (HostIsLittleEndian()) {
    if (!values.empty()) std::memcpy(dst, values.data(), values.size() * 4);
    return;
  }
  for (float v : values) {
    uint32_t bits;
    std::memcpy(&bits, &v, 4);
    for (int i = 0; i < 4; ++i) *dst++ = static_cast<char>((bits >> (8 * i)) & 0xff);
  }
}

void AppendUIntLE(uint64_t v, int bytes, std::string* out) {
  for (int i = 0; i < bytes; ++i) out->push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

}  // namespace oar::zoo
