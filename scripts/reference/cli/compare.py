"""Runs `resoio` command lines with our CLI and with the reference CLI (resonite-io 0.7.0) and
compares what a script sees: stdout and the exit code (stderr is not compared; ours prints plain
error lines where the reference prints tracebacks).

    compare.py --ours PATH/resoio --reference PATH/resoio --server PATH/resoio-test-server \
        [-k SUBSTRING] [-v] [-j JOBS] [CASE_FILE ...]

With no CASE_FILE it runs every `cases/*.txt` next to this script. Each case runs twice, each
time against a fresh `resoio-test-server` in a fresh temporary directory: once with our CLI,
once with the reference. It prints one `PASS`/`FAIL` line per case (with both sides' stdout
and stderr for a failure) and ends with `N passed, N failed`; the exit status is 1 when a case
failed or a case file does not parse.

Case files (`cases/<family>.txt`, UTF-8)
----------------------------------------
One case per line: a command line as typed in a shell, starting with the word `resoio`
(split with Python's `shlex`, run without a shell; `resoio` is replaced by the CLI under test).

    # a comment (only as a whole line: '#' inside a case line is an argument)
    resoio display get
    resoio display set fhd@60 --format json

Blank lines and `#` lines are ignored. Lines starting with `@` are directives: they apply to the
next case line only. `@@` instead of `@` makes a directive sticky: it applies to every later case
of the file (added to the per-case ones), until `@@reset`.

    @server ARGS...      flags for this case's resoio-test-server (shlex-split), e.g.
                         @server --fail-rpc Display/Get=UNAVAILABLE:down
    @no-server           start no server; RESONITE_IO_SOCKET names a path where nothing listens
    @setup resoio ARGS   run this command first, on the same server, with the same CLI (its
                         output is not compared; a non-zero exit fails the case). Repeatable,
                         run in order.
    @mask REGEX          before comparing, replace each match in stdout by `<masked>`; when the
                         regex has groups, only the groups are replaced. Repeatable.
    @env NAME=VALUE      set an environment variable for the case's command (setup included)
    @stdin TEXT          pipe TEXT to the command's stdin (everything after "@stdin ", blanks
                         included; escapes: \\n, \\t, \\\\); without it stdin is empty
                         (never a terminal)
    @exit N              both sides must exit with N (not only the same code)
    @timeout SECONDS     per-command limit (default 30); a command still running is killed and
                         the case fails
    @stdout-differs WHY  compare only the exit code: our stdout differs on purpose (WHY is shown)
    @differs WHY         compare neither stdout nor the exit code: we differ on purpose (WHY and
                         both exit codes are shown); `@exit N` then checks only ours
    @file NAME           also compare the bytes of NAME, a file the command writes in its working
                         directory (must exist on both sides or on neither). Repeatable.
    @png NAME            like @file, but compare the PNG's decoded size, colour type and pixels
                         (zlib; the encoders' bytes differ). NAME may be a glob (`screenshot_*.png`)
    @png-stdout          stdout is a PNG: compare its decoded pixels instead of the text
    @wav NAME KEY=VALUE...  write a WAV file NAME in the working directory first: tag (1 PCM,
                         3 float, 65534 extensible PCM), channels, rate, bits, frames (a fixed
                         signal); defaults 1, 1, 48000, 16, 4800
    @stdin-f32 N         pipe N float32 little-endian samples of a fixed signal to stdin
    @senses              run the server with --senses-log and also compare what the stand-in
                         mod heard on its Microphone streams (each stream's end, chunk sizes and
                         sample bytes; not the time stamps)

Every command runs with a clean environment: PATH, LANG=C.UTF-8, HOME and the working directory
in the run's temporary directory, RESONITE_IO_SOCKET set to the server's socket, plus `@env`.
In stdout, the run's directory and socket path are replaced by `<dir>` and `<socket>` before the
masks apply, so files and paths printed by either CLI compare equal.

Written for this repository; nothing here is copied from the reference package.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import dataclasses
import difflib
import glob
import hashlib
import json
import math
import os
import re
import shlex
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_TIMEOUT = 30.0
SERVER_START_TIMEOUT = 10.0


class CaseFileError(Exception):
    pass


@dataclasses.dataclass
class Options:
    server_args: list[str] = dataclasses.field(default_factory=list)
    no_server: bool = False
    setup: list[list[str]] = dataclasses.field(default_factory=list)
    masks: list[re.Pattern[str]] = dataclasses.field(default_factory=list)
    env: dict[str, str] = dataclasses.field(default_factory=dict)
    stdin: str | None = None
    exit: int | None = None
    timeout: float | None = None
    stdout_differs: str | None = None
    differs: str | None = None
    files: list[str] = dataclasses.field(default_factory=list)
    pngs: list[str] = dataclasses.field(default_factory=list)
    png_stdout: bool = False
    wavs: list[tuple[str, dict[str, int]]] = dataclasses.field(default_factory=list)
    stdin_f32: int | None = None
    senses: bool = False

    def merged(self, other: Options) -> Options:
        """`self` (sticky) followed by `other` (this case's)."""
        return Options(
            server_args=self.server_args + other.server_args,
            no_server=self.no_server or other.no_server,
            setup=self.setup + other.setup,
            masks=self.masks + other.masks,
            env={**self.env, **other.env},
            stdin=other.stdin if other.stdin is not None else self.stdin,
            exit=other.exit if other.exit is not None else self.exit,
            timeout=other.timeout if other.timeout is not None else self.timeout,
            stdout_differs=other.stdout_differs or self.stdout_differs,
            differs=other.differs or self.differs,
            files=self.files + other.files,
            pngs=self.pngs + other.pngs,
            png_stdout=self.png_stdout or other.png_stdout,
            wavs=self.wavs + other.wavs,
            stdin_f32=other.stdin_f32 if other.stdin_f32 is not None else self.stdin_f32,
            senses=self.senses or other.senses,
        )


@dataclasses.dataclass
class Case:
    name: str  # file:line
    line: str
    argv: list[str]  # without the leading `resoio`
    options: Options


def _unescape(text: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(text):
        c = text[i]
        if c == "\\" and i + 1 < len(text):
            nxt = text[i + 1]
            mapped = {"n": "\n", "t": "\t", "\\": "\\"}.get(nxt)
            if mapped is not None:
                out.append(mapped)
                i += 2
                continue
        out.append(c)
        i += 1
    return "".join(out)


def _resoio_argv(text: str, where: str) -> list[str]:
    try:
        words = shlex.split(text)
    except ValueError as error:
        raise CaseFileError(f"{where}: {error}") from None
    if not words or words[0] != "resoio":
        raise CaseFileError(f"{where}: a command line must start with 'resoio': {text!r}")
    return words[1:]


def _apply_directive(options: Options, keyword: str, rest: str, where: str) -> None:
    if keyword == "server":
        try:
            options.server_args += shlex.split(rest)
        except ValueError as error:
            raise CaseFileError(f"{where}: {error}") from None
    elif keyword == "no-server":
        options.no_server = True
    elif keyword == "setup":
        options.setup.append(_resoio_argv(rest, where))
    elif keyword == "mask":
        try:
            options.masks.append(re.compile(rest))
        except re.error as error:
            raise CaseFileError(f"{where}: bad mask {rest!r}: {error}") from None
    elif keyword == "env":
        name, sep, value = rest.partition("=")
        if not sep or not name:
            raise CaseFileError(f"{where}: @env needs NAME=VALUE, got {rest!r}")
        options.env[name] = value
    elif keyword == "stdin":
        options.stdin = _unescape(rest)
    elif keyword == "exit":
        try:
            options.exit = int(rest)
        except ValueError:
            raise CaseFileError(f"{where}: @exit needs an integer, got {rest!r}") from None
    elif keyword == "timeout":
        try:
            options.timeout = float(rest)
        except ValueError:
            raise CaseFileError(f"{where}: @timeout needs seconds, got {rest!r}") from None
    elif keyword == "differs":
        if not rest:
            raise CaseFileError(f"{where}: @differs needs a reason")
        options.differs = rest
    elif keyword == "stdout-differs":
        if not rest:
            raise CaseFileError(f"{where}: @stdout-differs needs a reason")
        options.stdout_differs = rest
    elif keyword == "file":
        if not rest or os.path.isabs(rest) or ".." in rest.split("/"):
            raise CaseFileError(f"{where}: @file needs a relative file name, got {rest!r}")
        options.files.append(rest)
    elif keyword == "png":
        if not rest or os.path.isabs(rest) or ".." in rest.split("/"):
            raise CaseFileError(f"{where}: @png needs a relative file name, got {rest!r}")
        options.pngs.append(rest)
    elif keyword == "png-stdout":
        options.png_stdout = True
    elif keyword == "wav":
        words = rest.split()
        if not words or "/" in words[0]:
            raise CaseFileError(f"{where}: @wav needs a file name, got {rest!r}")
        spec: dict[str, int] = {}
        for word in words[1:]:
            key, sep, value = word.partition("=")
            if not sep or key not in WAV_DEFAULTS or not value.isdigit():
                raise CaseFileError(f"{where}: @wav: bad KEY=VALUE {word!r} (keys: {', '.join(WAV_DEFAULTS)})")
            spec[key] = int(value)
        options.wavs.append((words[0], {**WAV_DEFAULTS, **spec}))
    elif keyword == "stdin-f32":
        if not rest.isdigit():
            raise CaseFileError(f"{where}: @stdin-f32 needs a sample count, got {rest!r}")
        options.stdin_f32 = int(rest)
    elif keyword == "senses":
        options.senses = True
    else:
        raise CaseFileError(f"{where}: unknown directive @{keyword}")


def parse_case_file(path: str) -> list[Case]:
    cases: list[Case] = []
    sticky = Options()
    pending = Options()
    base = os.path.basename(path)
    with open(path, encoding="utf-8") as handle:
        lines = handle.read().splitlines()
    for number, raw in enumerate(lines, start=1):
        where = f"{base}:{number}"
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("@"):
            is_sticky = line.startswith("@@")
            body = line[2:] if is_sticky else line[1:]
            keyword, _, rest = body.partition(" ")
            if keyword == "stdin":
                # verbatim after the one space (leading and trailing blanks are input too)
                rest = raw.lstrip()[len(line) - len(body) + len("stdin ") :]
            else:
                rest = rest.strip()
            if is_sticky and keyword == "reset":
                sticky = Options()
                continue
            _apply_directive(sticky if is_sticky else pending, keyword, rest, where)
            continue
        cases.append(Case(where, line, _resoio_argv(line, where), sticky.merged(pending)))
        pending = Options()
    if pending != Options():
        raise CaseFileError(f"{base}: directives at the end of the file apply to no case")
    return cases


WAV_DEFAULTS = {"tag": 1, "channels": 1, "rate": 48000, "bits": 16, "frames": 4800}


def _signal(count: int) -> list[float]:
    """A fixed test signal in [-0.9, 0.9]."""
    return [math.sin(i * 0.013) * 0.6 + math.sin(i * 0.17) * 0.3 for i in range(count)]


def make_wav(spec: dict[str, int]) -> bytes:
    """A RIFF/WAVE file as `@wav` describes it."""
    tag, channels, rate, bits = spec["tag"], spec["channels"], spec["rate"], spec["bits"]
    width = (bits + 7) // 8
    values = _signal(spec["frames"] * channels)
    if tag == 3 or (bits == 32 and tag != 65534):
        data = struct.pack(f"<{len(values)}f", *values)
    elif width == 2:
        data = struct.pack(f"<{len(values)}h", *(int(v * 32767) for v in values))
    else:
        data = b"".join(int(v * (2 ** (bits - 1) - 1)).to_bytes(width, "little", signed=True) for v in values)
    fmt = struct.pack("<HHLLHH", tag, channels, rate, rate * channels * width, channels * width, bits)
    if tag == 65534:
        fmt += struct.pack("<HHL", 22, bits, 0) + b"\x01\x00\x00\x00\x00\x00\x10\x00\x80\x00\x00\xaa\x00\x38\x9b\x71"
    body = b"WAVE" + b"fmt " + struct.pack("<L", len(fmt)) + fmt + b"data" + struct.pack("<L", len(data)) + data
    return b"RIFF" + struct.pack("<L", len(body)) + body


def decode_png(data: bytes | None) -> str:
    """A PNG's IHDR and a digest of its unfiltered pixel rows (8-bit, non-interlaced), or why
    it cannot be decoded; equal strings mean equal images."""
    if data is None:
        return "missing"
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        return f"not a PNG ({len(data)} bytes)"
    pos, ihdr, idat = 8, None, b""
    while pos + 8 <= len(data):
        length, kind = struct.unpack(">L4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            ihdr = struct.unpack(">LLBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        elif kind == b"IEND":
            break
        pos += 12 + length
    if ihdr is None:
        return "no IHDR"
    width, height, depth, colour, _, _, interlace = ihdr
    channels = {0: 1, 2: 3, 4: 2, 6: 4}.get(colour)
    if depth != 8 or channels is None or interlace:
        return f"IHDR {ihdr} (only 8-bit non-interlaced grey/RGB/RGBA is decoded here)"
    raw = zlib.decompress(idat)
    stride = width * channels
    rows: list[bytearray] = []
    prior = bytearray(stride)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - channels] if i >= channels else 0
            b = prior[i]
            c = prior[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + a) & 255
            elif kind == 2:
                line[i] = (line[i] + b) & 255
            elif kind == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(line)
        prior = line
    digest = hashlib.sha256(b"".join(rows)).hexdigest()
    return f"{width}x{height} colour type {colour}, pixels sha256 {digest}"


def microphone_streams(path: str) -> list[str]:
    """The Microphone streams of a senses log: end, chunk sizes and a digest of the samples."""
    if not os.path.exists(path):
        return []
    out: list[str] = []
    for line in open(path, encoding="utf-8"):
        record = json.loads(line)
        if record.get("kind") == "microphone":
            sizes = [frame[2] for frame in record["frames"]]
            digest = hashlib.sha256(record["samples"].encode()).hexdigest()[:16]
            out.append(f"{record['end']} chunks {sizes} samples {len(record['samples']) // 8} sha256 {digest}")
    return out


@dataclasses.dataclass
class Outcome:
    exit: int | None  # None: timed out or did not run
    stdout: str
    stderr: str
    files: dict[str, bytes | None]
    note: str = ""
    pngs: dict[str, str] = dataclasses.field(default_factory=dict)
    stdout_png: str = ""
    senses: list[str] = dataclasses.field(default_factory=list)


class Server:
    """`resoio-test-server` on a fresh socket in `directory`."""

    def __init__(self, binary: str, directory: str, args: list[str]) -> None:
        self.socket = os.path.join(directory, "resonite-test.sock")
        self.process = subprocess.Popen(
            [binary, "--socket", self.socket, *args],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        line = self.process.stdout.readline().strip()
        if line != self.socket:
            self.stop()
            err = self.process.stderr.read() if self.process.stderr else ""
            raise RuntimeError(f"resoio-test-server {shlex.join(args)} did not start (printed {line!r}): {err.strip()}")

    def stop(self, timeout: float = 5) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def _filled_pipe(data: bytes) -> int | None:
    """The read end of a pipe already holding `data` and its end (the write end closed), or
    None when the pipe cannot take all of it without a reader."""
    read_end, write_end = os.pipe()
    try:
        os.set_blocking(write_end, False)
        view = memoryview(data)
        while view:
            view = view[os.write(write_end, view):]
    except BlockingIOError:
        os.close(read_end)
        return None
    finally:
        os.close(write_end)
    return read_end


def _run_command(cli: list[str], argv: list[str], env: dict[str, str], cwd: str, stdin: str | bytes | None,
                 timeout: float, raw: list[bytes] | None = None) -> tuple[int | None, str, str]:
    data = stdin if isinstance(stdin, bytes) else (stdin or "").encode()
    # The input, and its end, are in the pipe before the command starts: written after the
    # start, they can come before or after the command first looks (`resoio drive --no-wait`
    # sends a command for the keys already waiting, then one per later chunk, so `t` typed
    # late gives received_count=2 where the reference, slower to start, always reads it
    # first and says 1). Input too large for the pipe is written as the command reads.
    piped = _filled_pipe(data)
    try:
        done = subprocess.run(
            [*cli, *argv],
            **({"stdin": piped} if piped is not None else {"input": data}),
            capture_output=True,
            env=env,
            cwd=cwd,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired as expired:
        out = expired.stdout.decode("utf-8", "replace") if expired.stdout else ""
        err = expired.stderr.decode("utf-8", "replace") if expired.stderr else ""
        return None, out, err + f"\n(killed after {timeout:g} s)"
    finally:
        if piped is not None:
            os.close(piped)
    if raw is not None:
        raw.append(done.stdout)
    return done.returncode, done.stdout.decode("utf-8", "replace"), done.stderr.decode("utf-8", "replace")


def run_side(cli: list[str], server_binary: str, case: Case) -> Outcome:
    options = case.options
    timeout = options.timeout or DEFAULT_TIMEOUT
    directory = tempfile.mkdtemp(prefix="resoio-cli-compare-")
    server: Server | None = None
    try:
        home = os.path.join(directory, "home")
        cwd = os.path.join(directory, "cwd")
        os.mkdir(home)
        os.mkdir(cwd)
        if options.no_server:
            socket = os.path.join(directory, "resonite-test.sock")
        else:
            senses_args = ["--senses-log", os.path.join(directory, "senses.jsonl")] if options.senses else []
            server = Server(server_binary, directory, options.server_args + senses_args)
            socket = server.socket
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "LANG": "C.UTF-8",
            "HOME": home,
            "RESONITE_IO_SOCKET": socket,
            **options.env,
        }
        for step in options.setup:
            code, out, err = _run_command(cli, step, env, cwd, None, timeout)
            if code != 0:
                return Outcome(code, out, err, {}, note=f"setup `resoio {shlex.join(step)}` exited {code}")
        for name, spec in options.wavs:
            with open(os.path.join(cwd, name), "wb") as handle:
                handle.write(make_wav(spec))
        stdin: str | bytes | None = options.stdin
        if options.stdin_f32 is not None:
            stdin = struct.pack(f"<{options.stdin_f32}f", *_signal(options.stdin_f32))
        raw: list[bytes] = []
        code, out, err = _run_command(cli, case.argv, env, cwd, stdin, timeout, raw)
        files: dict[str, bytes | None] = {}
        for name in options.files:
            path = os.path.join(cwd, name)
            files[name] = open(path, "rb").read() if os.path.isfile(path) else None
        pngs: dict[str, str] = {}
        for pattern in options.pngs:
            found = sorted(glob.glob(os.path.join(cwd, pattern)))
            pngs[pattern] = decode_png(open(found[0], "rb").read() if len(found) == 1 else None) \
                if len(found) <= 1 else f"{len(found)} files match"
        stdout_png = decode_png(raw[0] if raw else None) if options.png_stdout else ""
        if options.png_stdout:
            out = f"(PNG on stdout: {stdout_png})"
        senses: list[str] = []
        if options.senses:
            # The stand-in logs a stream when the stream closes, which for one it ended early
            # (--stream-end-after-requests) is when the client's RST_STREAM or EOF reaches it:
            # possibly after the command exited. Stopping the server first (it closes every
            # connection, ending and logging any stream still open) makes the log complete;
            # generous, as a loaded machine can take seconds to deliver SIGTERM and exit.
            if server is not None:
                server.stop(timeout=60)
            senses = microphone_streams(os.path.join(directory, "senses.jsonl"))
        out = out.replace(socket, "<socket>").replace(directory, "<dir>")
        return Outcome(code, out, err, files, pngs=pngs, stdout_png=stdout_png, senses=senses)
    except RuntimeError as error:
        return Outcome(None, "", "", {}, note=str(error))
    finally:
        if server is not None:
            server.stop()
        shutil.rmtree(directory, ignore_errors=True)


def mask(text: str, patterns: list[re.Pattern[str]]) -> str:
    for pattern in patterns:
        def replace(match: re.Match[str]) -> str:
            if pattern.groups == 0:
                return "<masked>"
            whole = match.group(0)
            start = match.start(0)
            pieces: list[str] = []
            cursor = 0
            for g in range(1, pattern.groups + 1):
                if match.start(g) < 0:
                    continue
                s, e = match.start(g) - start, match.end(g) - start
                if s < cursor:
                    continue  # nested group inside one already masked
                pieces.append(whole[cursor:s])
                pieces.append("<masked>")
                cursor = e
            pieces.append(whole[cursor:])
            return "".join(pieces)

        text = pattern.sub(replace, text)
    return text


def compare(case: Case, ours: Outcome, reference: Outcome) -> list[str]:
    """The differences, as lines; empty when the case passes."""
    problems: list[str] = []
    if ours.note and ours.note == reference.note:
        return [f"both: {ours.note}"]
    for label, outcome in (("ours", ours), ("reference", reference)):
        if outcome.note:
            problems.append(f"{label}: {outcome.note}")
        elif outcome.exit is None:
            problems.append(f"{label}: did not finish")
    if problems:
        return problems
    expected = case.options.exit
    if case.options.differs is not None:
        if expected is not None and ours.exit != expected:
            problems.append(f"exit code: expected {expected}, ours exited {ours.exit}")
        return problems
    if ours.exit != reference.exit:
        problems.append(f"exit code: ours {ours.exit}, reference {reference.exit}")
    if expected is not None and reference.exit != expected:
        problems.append(f"exit code: expected {expected}, the reference exited {reference.exit}")
    if expected is not None and ours.exit != expected:
        problems.append(f"exit code: expected {expected}, ours exited {ours.exit}")
    if case.options.stdout_differs is None:
        a = mask(ours.stdout, case.options.masks)
        b = mask(reference.stdout, case.options.masks)
        if a != b:
            diff = difflib.unified_diff(b.splitlines(keepends=True), a.splitlines(keepends=True),
                                        "reference stdout", "our stdout")
            problems.append("stdout differs:\n" + "".join(diff).rstrip("\n"))
    for name in case.options.files:
        if ours.files.get(name) != reference.files.get(name):
            sizes = [len(x) if x is not None else "missing" for x in (ours.files.get(name), reference.files.get(name))]
            problems.append(f"file {name} differs (ours {sizes[0]}, reference {sizes[1]} bytes)")
    for name in case.options.pngs:
        if ours.pngs.get(name) != reference.pngs.get(name):
            problems.append(f"PNG {name} differs: ours {ours.pngs.get(name)}, reference {reference.pngs.get(name)}")
    if case.options.png_stdout and (ours.stdout_png != reference.stdout_png or ours.stdout_png.startswith("not")):
        problems.append(f"PNG on stdout: ours {ours.stdout_png}, reference {reference.stdout_png}")
    if case.options.senses and ours.senses != reference.senses:
        diff = difflib.unified_diff([x + "\n" for x in reference.senses], [x + "\n" for x in ours.senses],
                                    "reference: the mod heard", "ours: the mod heard")
        problems.append("microphone streams differ:\n" + "".join(diff).rstrip("\n"))
    return problems


def _indent(label: str, text: str) -> str:
    if not text:
        return f"    {label}: (empty)"
    body = "\n".join("      " + line for line in text.rstrip("\n").splitlines())
    return f"    {label}:\n{body}"


def main() -> int:
    parser = argparse.ArgumentParser(description="Compare our resoio CLI with the reference CLI, case by case.")
    parser.add_argument("--ours", required=True, help="our resoio executable")
    parser.add_argument("--reference", required=True, help="the reference resoio executable (resonite-io 0.7.0)")
    parser.add_argument("--server", required=True, help="the resoio-test-server executable")
    parser.add_argument("-k", dest="filter", default=None, help="run only cases whose name or line contains this")
    parser.add_argument("-v", "--verbose", action="store_true", help="show both sides' output for passing cases too")
    parser.add_argument("-j", "--jobs", type=int, default=1, help="cases run at once (default 1)")
    parser.add_argument("--fork-reference", action="store_true",
                        help="run the reference through forkserver.py (its imports loaded once; see there)")
    parser.add_argument("files", nargs="*", help="case files (default: cases/*.txt next to this script)")
    args = parser.parse_args()
    for name in ("ours", "reference", "server"):
        path = getattr(args, name)
        resolved = shutil.which(path) if os.sep not in path else os.path.abspath(path)
        if not resolved or not os.access(resolved, os.X_OK):
            print(f"FAIL --{name} {path}: not an executable")
            return 1
        setattr(args, name, resolved)

    files = args.files or sorted(glob.glob(os.path.join(HERE, "cases", "*.txt")))
    cases: list[Case] = []
    broken = 0
    for path in files:
        try:
            cases += parse_case_file(path)
        except (OSError, CaseFileError) as error:
            print(f"FAIL {error}")
            broken += 1
    if args.filter:
        cases = [c for c in cases if args.filter in c.name or args.filter in c.line]

    reference_cli = [args.reference]
    fork_server: subprocess.Popen[str] | None = None
    fork_dir = ""
    if args.fork_reference:
        fork_dir = tempfile.mkdtemp(prefix="resoio-cli-fork-")
        fork_socket = os.path.join(fork_dir, "fork.sock")
        with open(args.reference, encoding="utf-8", errors="replace") as script:
            shebang = script.readline()
        if not shebang.startswith("#!") or "python" not in shebang:
            print(f"FAIL --fork-reference: {args.reference} is not a Python console script")
            return 1
        reference_python = shebang[2:].split()[0]
        fork_server = subprocess.Popen(
            [reference_python, os.path.join(HERE, "forkserver.py"), fork_socket, args.reference],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        )
        assert fork_server.stdout is not None
        if fork_server.stdout.readline().strip() != "ready":
            print("FAIL --fork-reference: forkserver.py did not start")
            return 1
        reference_cli = [reference_python, "-I", "-S", os.path.join(HERE, "forkclient.py"), fork_socket]

    def run_case(case: Case) -> tuple[Outcome, Outcome]:
        return run_side([args.ours], args.server, case), run_side(reference_cli, args.server, case)

    try:
        return _run_cases(cases, run_case, args.jobs, args.verbose, broken)
    finally:
        if fork_server is not None:
            assert fork_server.stdin is not None
            fork_server.stdin.close()
            fork_server.wait()
            shutil.rmtree(fork_dir, ignore_errors=True)


def _run_cases(cases: list[Case], run_case, jobs: int, verbose: bool, broken: int) -> int:
    passed = failed = 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        # submitted in order, reported in order
        futures = [pool.submit(run_case, case) for case in cases]
        for case, future in zip(cases, futures):
            ours, reference = future.result()
            problems = compare(case, ours, reference)
            suffix = f"  (stdout differs on purpose: {case.options.stdout_differs})" if case.options.stdout_differs else ""
            if case.options.differs:
                suffix = (f"  (differs on purpose: {case.options.differs}; "
                          f"ours exit {ours.exit}, reference exit {reference.exit})")
            if problems:
                failed += 1
                print(f"FAIL {case.name}  {case.line}")
                for problem in problems:
                    print("\n".join("  " + line for line in problem.splitlines()))
            else:
                passed += 1
                print(f"PASS {case.name}  {case.line}{suffix}")
            if problems or verbose:
                for label, outcome in (("ours", ours), ("reference", reference)):
                    print(f"  {label}: exit {outcome.exit}")
                    print(_indent("stdout", outcome.stdout))
                    print(_indent("stderr", outcome.stderr))
            sys.stdout.flush()
    print(f"{passed} passed, {failed + broken} failed")
    return 0 if failed + broken == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
