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
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

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


@dataclasses.dataclass
class Outcome:
    exit: int | None  # None: timed out or did not run
    stdout: str
    stderr: str
    files: dict[str, bytes | None]
    note: str = ""


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

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def _run_command(cli: str, argv: list[str], env: dict[str, str], cwd: str, stdin: str | None,
                 timeout: float) -> tuple[int | None, str, str]:
    try:
        done = subprocess.run(
            [cli, *argv],
            input=(stdin or "").encode(),
            capture_output=True,
            env=env,
            cwd=cwd,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired as expired:
        out = expired.stdout.decode("utf-8", "replace") if expired.stdout else ""
        err = expired.stderr.decode("utf-8", "replace") if expired.stderr else ""
        return None, out, err + f"\n(killed after {timeout:g} s)"
    return done.returncode, done.stdout.decode("utf-8", "replace"), done.stderr.decode("utf-8", "replace")


def run_side(cli: str, server_binary: str, case: Case) -> Outcome:
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
            server = Server(server_binary, directory, options.server_args)
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
        code, out, err = _run_command(cli, case.argv, env, cwd, options.stdin, timeout)
        files: dict[str, bytes | None] = {}
        for name in options.files:
            path = os.path.join(cwd, name)
            files[name] = open(path, "rb").read() if os.path.isfile(path) else None
        out = out.replace(socket, "<socket>").replace(directory, "<dir>")
        return Outcome(code, out, err, files)
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

    def run_case(case: Case) -> tuple[Outcome, Outcome]:
        return run_side(args.ours, args.server, case), run_side(args.reference, args.server, case)

    passed = failed = 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
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
            if problems or args.verbose:
                for label, outcome in (("ours", ours), ("reference", reference)):
                    print(f"  {label}: exit {outcome.exit}")
                    print(_indent("stdout", outcome.stdout))
                    print(_indent("stderr", outcome.stderr))
            sys.stdout.flush()
    print(f"{passed} passed, {failed + broken} failed")
    return 0 if failed + broken == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
