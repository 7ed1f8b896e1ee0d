// launcher/console.h -- the console of a Linux image when the launcher's
// own is a terminal.
//
// The image never holds the user's terminal: each of descriptors 0, 1, 2
// that is a terminal is replaced, for the image, by a pipe the launcher
// relays (its own read of the terminal into the image's stdin pipe; the
// image's stdout and stderr pipes out to the terminal). The image also
// runs in a session of its own (setsid, runner.cc), so it has no
// controlling terminal: TIOCSTI, /dev/tty, job-control signals and
// terminal modes are out of its reach. Descriptors that are not terminals
// (pipes, files, /dev/null) are passed on as before: no copy.
//
// stdin is relayed only while the launcher is the terminal's foreground
// job when it starts; a launcher started in the background gives the image
// an empty stdin (end of file) instead of stopping on SIGTTIN. The
// terminal's modes are saved at start and put back at the end if anything
// changed them.
//
// The relay never blocks in a write to the user's side (a terminal stopped
// with Ctrl-S, a pty nobody reads, a stderr pipe nobody reads): --timeout
// and the signals the supervisor passes on must act whatever the
// destination does. The user's own descriptors are never made non-blocking
// (a terminal's open file description is shared with the user's shell, and
// would stay non-blocking if hcall died). Instead, by the destination's
// kind (Prepare):
//   terminal, pipe, FIFO: a private open file description of the same
//     object, open("/proc/self/fd/N", O_WRONLY | O_NONBLOCK | O_NOCTTY):
//     the non-blocking flag is on hcall's description alone. (Chosen over
//     pwritev2's RWF_NOWAIT, which pipes honour since Linux 5.8 but
//     terminals do not: their writes fail with EOPNOTSUPP.)
//   socket: send() with MSG_DONTWAIT.
//   anything else (a regular file, /dev/null, or a terminal or pipe
//     /proc cannot reopen): plain writes, as before; a file's do not block
//     indefinitely.
// What the destination has not taken yet stays in the relay, at most
// kOutputBound bytes per stream; while that is full the relay stops reading
// the image's pipe, so the image blocks on its own pipe and hcall's memory
// does not grow. Bytes keep their order and none is dropped while the
// destination is merely slow; what is still held when the image has ended
// is written within the run's deadline (Drain).
#ifndef HCALL_LAUNCHER_CONSOLE_H_
#define HCALL_LAUNCHER_CONSOLE_H_

#include <poll.h>
#include <termios.h>

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "launcher/unique_fd.h"

namespace hcall::launcher {

// Makes each of the launcher's descriptors 0, 1 and 2 that it was started
// without /dev/null. Otherwise the first descriptors it opens, the grants
// among them, would take those numbers, and its own messages, its
// --print-command output or the console it relays would be written into a
// granted file (at the position the image shares: past a block device's
// end once the image has read it to the end). Called first in main();
// false (errno set) if /dev/null cannot be opened there.
bool OpenMissingStandardDescriptors();

// From now on, hcall's own messages on stderr (its report of how the image
// ended, its errors) wait for a stderr that is slow as long as it takes,
// but for one that takes nothing (a terminal stopped with Ctrl-S, a pipe
// nobody reads) (stall) at most: what it has not taken then is dropped,
// and hcall goes on to exit. They are written as the relay writes
// (ConsoleRelay, above), never setting O_NONBLOCK on the user's
// descriptor; to a file, as before. Replaces stdio's stderr (unbuffered)
// with a stream of that kind.
void BoundStderrWrites(absl::Duration stall);

// Milliseconds until (until) for poll(): -1 for none (InfiniteFuture), 0
// once past, at most 2^30 (a far deadline does not overflow an int).
int PollTimeoutMs(absl::Time until);

class ConsoleRelay {
 public:
  ConsoleRelay() = default;
  ConsoleRelay(const ConsoleRelay&) = delete;
  ConsoleRelay& operator=(const ConsoleRelay&) = delete;
  // Puts the terminal's modes back if they changed.
  ~ConsoleRelay();

  // Makes a pipe for each of 0, 1, 2 that is a terminal, and for stderr
  // whatever it is with (watch_qemu_stderr): a 32-bit qemu-user guest,
  // whose QEMU can run out of memory itself (see qemu_out_of_memory).
  // With (serial_stdin), a bare-metal image's serial console, stdin is
  // relayed whatever it is, and its end is sent on as one ^D (0x04): a
  // serial line has no end of file, and ^D is what the bare-metal
  // backend's console input takes for one.
  absl::Status Prepare(bool watch_qemu_stderr, bool serial_stdin = false);
  // Whether any descriptor is relayed.
  bool active() const;
  // The launcher's descriptor that becomes the image's (n) (0-2), or -1
  // when the image inherits the launcher's own.
  int ImageEnd(int n) const;
  // After the fork: closes the launcher's copies of the image's ends.
  void CloseImageEnds();

  // Adds the descriptors the relay waits for to (fds); Relay() then moves
  // what they have. Both are called from the supervisor's poll loop.
  void AddPollFds(std::vector<struct pollfd>* fds) const;
  void Relay(const std::vector<struct pollfd>& fds);
  // Relays what the image has written so far, as far as the destinations
  // take it without waiting (before the launcher prints a report of its
  // own, so that the order on the terminal is the order of events).
  void FlushOutput();
  // Once the image has ended: relays its remaining output and stops. Waits
  // for a destination that takes output slowly until (deadline) at the
  // latest, and no longer once SIGINT, SIGTERM or SIGHUP arrives on
  // (signal_fd) (the supervisor's signalfd; -1: none); what is left then
  // is dropped.
  void Drain(absl::Time deadline, int signal_fd);

  // The most the relay holds, per output stream, of what the image wrote
  // and the destination has not taken yet.
  static constexpr size_t kOutputBound = 64 * 1024;

  // Whether stderr carried GLib's "failed to allocate" report: QEMU's own
  // allocation hit the memory limit it shares with a 32-bit guest, and
  // QEMU 7.2 then spins forever with its signals blocked (only SIGKILL
  // ends it). A guest that prints the same line on stderr only ends
  // itself.
  bool qemu_out_of_memory() const { return qemu_out_of_memory_; }

  // How an output stream writes to its destination without blocking.
  enum class Sink {
    kPlain,        // write(2) on the user's descriptor (may block)
    kNonBlocking,  // write(2) on hcall's own O_NONBLOCK description
    kSocket,       // send(2) with MSG_DONTWAIT
  };

 private:
  // One direction: bytes read from (from) written to (to).
  struct Stream {
    int from = -1;
    int to = -1;
    UniqueFd owned;      // the launcher's end of the pipe
    UniqueFd image_end;  // the image's end, until CloseImageEnds
    UniqueFd own_to;     // output: the private description (kNonBlocking)
    Sink sink = Sink::kPlain;
    std::string pending;  // read, not yet written
    bool open = false;
    bool ended = false;      // stdin: its end (the ^D) is what is pending
    bool from_done = false;  // output: the image's side reached its end
    bool to_gone = false;    // output: the destination failed; drop
  };
  bool Pump(Stream& s);
  // Output streams: reads what fits under kOutputBound; writes what the
  // destination takes now. Each returns whether it moved any byte.
  bool ReadIn(Stream& s);
  bool WriteOut(Stream& s);
  // Moves output until neither side moves without waiting.
  void MoveWithoutWaiting();
  // Opens the non-blocking way to write to descriptor (n) (see above).
  void ChooseSink(int n, Stream& s);
  // Looks for QEMU's report in what (stream) carries.
  void Scan(const Stream& s, const std::string& data);

  Stream streams_[3];
  int tty_fd_ = -1;  // a terminal descriptor, for the modes
  bool have_modes_ = false;
  struct termios modes_ = {};
  bool watch_stderr_ = false;
  bool serial_stdin_ = false;
  std::string stderr_tail_;  // the last line's start, for Scan
  bool qemu_out_of_memory_ = false;
};

}  // namespace hcall::launcher

#endif  // HCALL_LAUNCHER_CONSOLE_H_
