// launcher/console.cc -- see console.h.
#include "launcher/console.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

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

}  // namespace

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
      s.to = n;
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

void ConsoleRelay::AddPollFds(std::vector<struct pollfd>* fds) const {
  for (const Stream& s : streams_) {
    if (!s.open) continue;
    if (s.pending.empty()) {
      fds->push_back({s.from, POLLIN, 0});
    } else {
      fds->push_back({s.to, POLLOUT, 0});
    }
  }
}

void ConsoleRelay::Relay(const std::vector<struct pollfd>& fds) {
  for (Stream& s : streams_) {
    if (!s.open) continue;
    const int want = s.pending.empty() ? s.from : s.to;
    for (const struct pollfd& p : fds) {
      if (p.fd == want && p.revents != 0) {
        Pump(s);
        break;
      }
    }
  }
}

// Reads what (s.from) has (when nothing is pending) and writes it on. False
// once the stream has ended: end of file or an error on either side.
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
      Scan(s, s.pending);
    }
  }
  while (!s.pending.empty()) {
    const ssize_t n = write(s.to, s.pending.data(), s.pending.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EAGAIN) return true;  // stdin pipe full
    if (n <= 0) {
      // The image closed its stdin, or the terminal is gone: what it
      // would have got is dropped; an output stream is still read so that
      // the image never blocks on it.
      s.pending.clear();
      if (s.from == 0) {
        s.open = false;
        s.owned.Reset();
        return false;
      }
      return true;
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

void ConsoleRelay::FlushOutput() {
  for (int n = 1; n < 3; ++n) {
    Stream& s = streams_[n];
    char buf[kChunk];
    ssize_t got;
    while (s.open && ((got = read(s.from, buf, sizeof(buf))) > 0 ||
                      (got < 0 && errno == EINTR))) {
      if (got <= 0) continue;
      s.pending.assign(buf, static_cast<size_t>(got));
      Scan(s, s.pending);
      while (!s.pending.empty()) {
        const ssize_t w = write(s.to, s.pending.data(), s.pending.size());
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) {
          s.pending.clear();  // the terminal is gone
          break;
        }
        s.pending.erase(0, static_cast<size_t>(w));
      }
    }
  }
}

void ConsoleRelay::Drain() {
  // stdin: the image is gone.
  streams_[0].open = false;
  streams_[0].owned.Reset();
  // Its output is all in the pipes by now (a process it left behind may
  // still hold one open: what is there is read, not up to the end).
  FlushOutput();
  streams_[1].open = false;
  streams_[2].open = false;
}

}  // namespace hcall::launcher
