// launcher/console.cc -- see console.h.
#include "launcher/console.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>

#include "absl/strings/str_cat.h"
#include "launcher/error.h"
#include "launcher/exit_codes.h"

namespace hcall::launcher {

bool OpenMissingStandardDescriptors() {
  for (int fd = 0; fd < 3; ++fd) {
    if (fcntl(fd, F_GETFD) >= 0 || errno != EBADF) continue;
    // The lowest free number is (fd) itself; not O_CLOEXEC, as any
    // standard descriptor.
    const int null_fd = open("/dev/null", O_RDWR | O_NOCTTY);
    if (null_fd == fd) continue;
    if (null_fd >= 0) {
      close(null_fd);
      errno = EBADF;
    }
    return false;
  }
  return true;
}

int PollTimeoutMs(absl::Time until) {
  if (until == absl::InfiniteFuture()) return -1;
  const absl::Duration left = until - absl::Now();
  if (left <= absl::ZeroDuration()) return 0;
  return static_cast<int>(
      std::min<int64_t>(absl::ToInt64Milliseconds(left) + 1, 1 << 30));
}

namespace {

constexpr size_t kChunk = 64 * 1024;

// What ends a serial console's input (hypercall/baremetal/console_input.h).
constexpr char kSerialEnd = 0x04;

absl::Status Internal(absl::string_view what) {
  return LaunchError(kExitInternal, absl::StrCat(what, ": ", strerror(errno)));
}

bool SameModes(const struct termios& a, const struct termios& b) {
  return a.c_iflag == b.c_iflag && a.c_oflag == b.c_oflag &&
         a.c_cflag == b.c_cflag && a.c_lflag == b.c_lflag &&
         memcmp(a.c_cc, b.c_cc, sizeof(a.c_cc)) == 0;
}

// How to write to descriptor (n) without blocking (console.h): sets
// (sink) and, for kNonBlocking, (own) to hcall's own description; returns
// the descriptor to write to.
int NonBlockingWay(int n, ConsoleRelay::Sink* sink, UniqueFd* own) {
  *sink = ConsoleRelay::Sink::kPlain;
  struct stat st;
  if (fstat(n, &st) != 0) return n;
  if (S_ISSOCK(st.st_mode)) {
    *sink = ConsoleRelay::Sink::kSocket;
    return n;
  }
  // /dev/ptmx (a pty's master side) would open a new pty, not this one.
  const bool tty =
      S_ISCHR(st.st_mode) && isatty(n) && st.st_rdev != makedev(5, 2);
  if (!tty && !S_ISFIFO(st.st_mode)) return n;  // a file: plain writes
  const std::string path = absl::StrCat("/proc/self/fd/", n);
  UniqueFd mine(
      open(path.c_str(), O_WRONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC));
  struct stat same;
  // Not reopened (no /proc; a FIFO with no reader, whose writes fail
  // anyway; no write permission): plain writes, which may block.
  if (!mine.valid() || fstat(mine.get(), &same) != 0 ||
      same.st_dev != st.st_dev || same.st_ino != st.st_ino ||
      same.st_rdev != st.st_rdev) {
    return n;
  }
  *sink = ConsoleRelay::Sink::kNonBlocking;
  *own = std::move(mine);
  return own->get();
}

// One write without blocking, as (sink) writes.
ssize_t WriteNow(int fd, ConsoleRelay::Sink sink, const char* data,
                 size_t size) {
  if (sink == ConsoleRelay::Sink::kSocket) {
    return send(fd, data, size, MSG_DONTWAIT | MSG_NOSIGNAL);
  }
  return write(fd, data, size);
}

// BoundStderrWrites' stream.
struct BoundedStderr {
  int fd = 2;
  ConsoleRelay::Sink sink = ConsoleRelay::Sink::kPlain;
  UniqueFd own;
  absl::Duration stall;  // the longest wait for stderr to take anything
};

ssize_t WriteBounded(void* cookie, const char* data, size_t size) {
  auto* out = static_cast<BoundedStderr*>(cookie);
  size_t done = 0;
  absl::Time until = absl::Now() + out->stall;
  while (done < size) {
    const ssize_t n = WriteNow(out->fd, out->sink, data + done, size - done);
    if (n > 0) {
      done += static_cast<size_t>(n);
      until = absl::Now() + out->stall;  // a slow stderr still moves
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      // Tried again at least every 50 ms: a terminal says POLLOUT only
      // once its buffer is nearly empty, and a slow reader may take a
      // while to get there while it takes a little all along.
      const int ms = PollTimeoutMs(until);
      if (ms != 0) {
        struct pollfd p = {out->fd, POLLOUT, 0};
        poll(&p, 1, std::min(ms, 50));
        continue;
      }
    }
    break;  // nothing taken for (stall), or stderr failed: dropped
  }
  return static_cast<ssize_t>(size);
}

}  // namespace

void BoundStderrWrites(absl::Duration stall) {
  fflush(stderr);
  auto* out = new BoundedStderr;  // for the rest of the process
  out->stall = stall;
  out->fd = NonBlockingWay(2, &out->sink, &out->own);
  if (out->sink == ConsoleRelay::Sink::kPlain) {
    delete out;  // a file (or not reopened): stdio's stderr as it is
    return;
  }
  cookie_io_functions_t io = {nullptr, WriteBounded, nullptr, nullptr};
  FILE* bounded = fopencookie(out, "w", io);
  if (bounded == nullptr) {
    delete out;
    return;
  }
  setvbuf(bounded, nullptr, _IONBF, 0);
  stderr = bounded;
}

ConsoleRelay::~ConsoleRelay() {
  if (!have_modes_) return;
  struct termios now;
  if (tcgetattr(tty_fd_, &now) != 0 || SameModes(now, modes_)) return;
  // A background launcher may still put the modes back (SIGTTOU blocked).
  sigset_t ttou, old;
  sigemptyset(&ttou);
  sigaddset(&ttou, SIGTTOU);
  sigprocmask(SIG_BLOCK, &ttou, &old);
  tcsetattr(tty_fd_, TCSADRAIN, &modes_);
  sigprocmask(SIG_SETMASK, &old, nullptr);
}

absl::Status ConsoleRelay::Prepare(bool watch_qemu_stderr, bool serial_stdin) {
  watch_stderr_ = watch_qemu_stderr;
  serial_stdin_ = serial_stdin;
  for (int n = 0; n < 3; ++n) {
    const bool tty = isatty(n);
    if (!tty && !(n == 2 && watch_stderr_) && !(n == 0 && serial_stdin_)) {
      continue;
    }
    if (tty && tty_fd_ < 0) {
      tty_fd_ = n;
      have_modes_ = tcgetattr(n, &modes_) == 0;
    }
    int p[2];
    if (pipe2(p, O_CLOEXEC) != 0) return Internal("pipe2 (console relay)");
    Stream& s = streams_[n];
    if (n == 0) {
      s.image_end.Reset(p[0]);
      s.owned.Reset(p[1]);
      // Only the terminal's foreground job may read it; a launcher in the
      // background gives the image end of file.
      const bool readable = !tty || tcgetpgrp(0) == getpgrp();
      if (!readable && !serial_stdin_) {
        s.owned.Reset();
        continue;
      }
      if (fcntl(p[1], F_SETFL, O_NONBLOCK) != 0) {
        return Internal("fcntl O_NONBLOCK (console relay)");
      }
      s.open = true;
      s.from = 0;
      s.to = p[1];
      if (!readable) {  // a serial console: its end right away
        s.ended = true;
        s.pending.assign(1, kSerialEnd);
      }
    } else {
      s.image_end.Reset(p[1]);
      s.owned.Reset(p[0]);
      if (fcntl(p[0], F_SETFL, O_NONBLOCK) != 0) {
        return Internal("fcntl O_NONBLOCK (console relay)");
      }
      s.from = p[0];
      ChooseSink(n, s);
      s.open = true;
    }
  }
  if (active()) {
    // A write to the image's closed stdin pipe fails with EPIPE instead of
    // ending the launcher. The image's process unblocks every signal.
    sigset_t pipe_signal;
    sigemptyset(&pipe_signal);
    sigaddset(&pipe_signal, SIGPIPE);
    if (sigprocmask(SIG_BLOCK, &pipe_signal, nullptr) != 0) {
      return Internal("sigprocmask SIGPIPE (console relay)");
    }
  }
  return absl::OkStatus();
}

bool ConsoleRelay::active() const {
  for (const Stream& s : streams_) {
    if (s.image_end.valid()) return true;
  }
  return false;
}

int ConsoleRelay::ImageEnd(int n) const { return streams_[n].image_end.get(); }

void ConsoleRelay::CloseImageEnds() {
  for (Stream& s : streams_) s.image_end.Reset();
}

void ConsoleRelay::ChooseSink(int n, Stream& s) {
  s.to = NonBlockingWay(n, &s.sink, &s.own_to);
}

void ConsoleRelay::AddPollFds(std::vector<struct pollfd>* fds) const {
  for (int n = 0; n < 3; ++n) {
    const Stream& s = streams_[n];
    if (!s.open) continue;
    if (n == 0) {
      if (s.pending.empty()) {
        fds->push_back({s.from, POLLIN, 0});
      } else {
        fds->push_back({s.to, POLLOUT, 0});
      }
      continue;
    }
    // Output: read while there is room; wait for the destination while
    // anything is held (both at once: the image is not held up by a
    // destination that takes a little at a time).
    if (!s.from_done && s.pending.size() < kOutputBound) {
      fds->push_back({s.from, POLLIN, 0});
    }
    if (!s.pending.empty()) fds->push_back({s.to, POLLOUT, 0});
  }
}

void ConsoleRelay::Relay(const std::vector<struct pollfd>& fds) {
  auto ready = [&fds](int fd) {
    for (const struct pollfd& p : fds) {
      if (p.fd == fd && p.revents != 0) return true;
    }
    return false;
  };
  Stream& in = streams_[0];
  if (in.open && ready(in.pending.empty() ? in.from : in.to)) Pump(in);
  for (int n = 1; n < 3; ++n) {
    Stream& s = streams_[n];
    if (!s.open) continue;
    const bool can_write = !s.pending.empty() && ready(s.to);
    const bool can_read =
        !s.from_done && s.pending.size() < kOutputBound && ready(s.from);
    if (can_write) WriteOut(s);
    if (can_read && ReadIn(s)) WriteOut(s);
    if (s.from_done && s.pending.empty()) s.open = false;
  }
}

bool ConsoleRelay::ReadIn(Stream& s) {
  if (s.from_done || s.pending.size() >= kOutputBound) return false;
  char buf[kOutputBound];
  const ssize_t n = read(s.from, buf, kOutputBound - s.pending.size());
  if (n < 0 && (errno == EINTR || errno == EAGAIN)) return false;
  if (n <= 0) {
    s.from_done = true;  // every writer closed (or the pipe failed)
    s.owned.Reset();
    return false;
  }
  const std::string data(buf, static_cast<size_t>(n));
  Scan(s, data);
  // A destination that is gone takes nothing: the image's output is still
  // read, so that it never blocks on it.
  if (!s.to_gone) s.pending += data;
  return true;
}

bool ConsoleRelay::WriteOut(Stream& s) {
  bool moved = false;
  while (!s.pending.empty()) {
    const ssize_t n =
        WriteNow(s.to, s.sink, s.pending.data(), s.pending.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
    if (n <= 0) {
      // The terminal is gone (EIO), nobody reads the pipe (EPIPE): what it
      // would have got is dropped.
      s.to_gone = true;
      s.pending.clear();
      return true;
    }
    s.pending.erase(0, static_cast<size_t>(n));
    moved = true;
  }
  return moved;
}

void ConsoleRelay::MoveWithoutWaiting() {
  for (int n = 1; n < 3; ++n) {
    Stream& s = streams_[n];
    bool moved = true;
    while (s.open && moved) {
      const bool wrote = WriteOut(s);
      const bool read = ReadIn(s);
      moved = wrote || read;
      if (s.from_done && s.pending.empty()) s.open = false;
    }
  }
}

// stdin: reads what (s.from) has (when nothing is pending) and writes it
// on to the image's pipe (non-blocking: it is hcall's own). False once the
// stream has ended: end of file or an error on either side.
bool ConsoleRelay::Pump(Stream& s) {
  if (s.pending.empty()) {
    char buf[kChunk];
    const ssize_t n = read(s.from, buf, sizeof(buf));
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) return true;
    if (n <= 0 && s.from == 0 && serial_stdin_ && !s.ended) {
      s.ended = true;  // a serial line's end of input: one ^D, then close
      s.pending.assign(1, kSerialEnd);
    } else if (n <= 0) {
      s.open = false;
      s.owned.Reset();  // stdin: the image reads end of file
      return false;
    } else {
      s.pending.assign(buf, static_cast<size_t>(n));
    }
  }
  while (!s.pending.empty()) {
    const ssize_t n = write(s.to, s.pending.data(), s.pending.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EAGAIN) return true;  // stdin pipe full
    if (n <= 0) {
      // The image closed its stdin: what it would have got is dropped.
      s.pending.clear();
      s.open = false;
      s.owned.Reset();
      return false;
    }
    s.pending.erase(0, static_cast<size_t>(n));
  }
  if (s.ended) {  // the ^D is written: stdin is done
    s.open = false;
    s.owned.Reset();
    return false;
  }
  return true;
}

void ConsoleRelay::Scan(const Stream& s, const std::string& data) {
  if (!watch_stderr_ || &s != &streams_[2] || qemu_out_of_memory_) return;
  stderr_tail_ += data;
  size_t line = 0;
  for (size_t nl; (nl = stderr_tail_.find('\n', line)) != std::string::npos;
       line = nl + 1) {
    const std::string text = stderr_tail_.substr(line, nl - line);
    if (text.find(": GLib: ") != std::string::npos &&
        text.find("failed to allocate") != std::string::npos) {
      qemu_out_of_memory_ = true;
    }
  }
  stderr_tail_.erase(0, line);
  if (stderr_tail_.size() > 4096) stderr_tail_.erase(0, 2048);
}

void ConsoleRelay::FlushOutput() { MoveWithoutWaiting(); }

void ConsoleRelay::Drain(absl::Time deadline, int signal_fd) {
  // stdin: the image is gone.
  streams_[0].open = false;
  streams_[0].owned.Reset();
  // Its output is all in the pipes by now (a process it left behind may
  // still hold one open: what is there is read, not up to the end).
  for (;;) {
    MoveWithoutWaiting();
    std::vector<struct pollfd> fds = {{signal_fd, POLLIN, 0}};
    for (int n = 1; n < 3; ++n) {
      const Stream& s = streams_[n];
      if (s.open && !s.pending.empty()) fds.push_back({s.to, POLLOUT, 0});
    }
    if (fds.size() == 1 || absl::Now() >= deadline) break;
    const int ready = poll(fds.data(), fds.size(), PollTimeoutMs(deadline));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) break;
    if ((fds[0].revents & POLLIN) != 0) {
      // The user asks hcall to end: it stops waiting for the terminal.
      bool stop = false;
      struct signalfd_siginfo si;
      while (read(signal_fd, &si, sizeof(si)) == sizeof(si)) {
        if (si.ssi_signo != SIGCHLD) stop = true;
      }
      if (stop) break;
    }
  }
  for (int n = 1; n < 3; ++n) {
    streams_[n].open = false;
    streams_[n].pending.clear();
  }
}

}  // namespace hcall::launcher
