"""A fork server for the reference `resoio` (resonite-io 0.7.0), so the CLI comparison does not
pay the reference's Python start-up for each of its ~1,200 command lines.

    python forkserver.py SOCKET REFERENCE_SCRIPT     (the reference venv's Python)

Started by compare.py --fork-reference. It imports, once, every module that `resoio.cli` pulls
in EXCEPT the `resoio` package itself (psutil, numpy, grpclib, betterproto2, asyncio, ...:
about 200 ms of every start), prints `ready`, and then serves forkclient.py: for each
connection it receives the client's stdin, stdout and stderr (SCM_RIGHTS), its argv,
environment and working directory, and forks. The child puts those in place and then runs the
console script's two lines, `from resoio.cli import main; sys.exit(main())`, at the top level
of this script, so `resoio` is imported fresh in the child, after HOME, RESONITE_IO_SOCKET and
the working directory are the case's (resoio.launcher reads HOME at import), and an uncaught
exception, SystemExit or KeyboardInterrupt ends it as it ends a fresh `resoio`. The server
sends the client the child's wait status; a client that goes away (compare.py's timeout kills
it) gets its child killed.

Measured on the 2-core machine (`time bash scripts/reference/cli/run.sh -j 2`): see run.sh.
Written for this repository; nothing here is copied from the reference package.
"""

from __future__ import annotations

import importlib
import json
import os
import selectors
import signal
import socket
import struct
import subprocess
import sys

HEADER = struct.Struct("!I")


def _modules_to_preload(python: str, script_dir: str) -> list[str]:
    """The modules `import resoio.cli` loads, outside `resoio`, in the order it loads them."""
    probe = (
        "import sys; sys.path[0] = sys.argv[1]; before = set(sys.modules)\n"
        "import resoio.cli\n"
        "print('\\n'.join(m for m in sys.modules if m not in before\n"
        "    and m.split('.')[0] not in ('resoio', '__main__')))\n"
    )
    done = subprocess.run([python, "-c", probe, script_dir], capture_output=True, text=True, check=True)
    return done.stdout.split()


def _read_request(conn: socket.socket) -> tuple[dict, list[int]]:
    data, fds, _flags, _addr = socket.recv_fds(conn, 1 << 16, 3)
    while len(data) < HEADER.size or len(data) < HEADER.size + HEADER.unpack_from(data)[0]:
        more = conn.recv(1 << 16)
        if not more:
            raise ConnectionError("short request")
        data += more
    (length,) = HEADER.unpack_from(data)
    return json.loads(data[HEADER.size:HEADER.size + length]), fds


def serve(path: str, script: str) -> dict:
    """Serves until stdin closes; returns (in a child only) the request the child runs."""
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    listener.listen(64)
    print("ready", flush=True)
    selector = selectors.DefaultSelector()
    selector.register(listener, selectors.EVENT_READ, "accept")
    selector.register(sys.stdin, selectors.EVENT_READ, "stop")  # compare.py closes it at the end
    children: dict[int, tuple[socket.socket, int]] = {}  # pidfd -> (client, pid)
    clients: dict[int, int] = {}  # client fd -> pidfd
    while True:
        for key, _ in selector.select():
            if key.data == "stop":
                for conn, pid in children.values():
                    os.kill(pid, signal.SIGKILL)
                    os.waitpid(pid, 0)
                    conn.close()
                sys.exit(0)
            if key.data == "accept":
                conn, _ = listener.accept()
                try:
                    request, fds = _read_request(conn)
                except (OSError, ValueError) as error:
                    print(f"forkserver: bad request: {error}", file=sys.stderr, flush=True)
                    conn.close()
                    continue
                pid = os.fork()
                if pid == 0:
                    selector.close()
                    listener.close()
                    for pidfd, (other, _pid) in children.items():
                        other.close()
                        os.close(pidfd)
                    conn.close()
                    for target, fd in enumerate(fds):
                        os.dup2(fd, target)
                    for fd in fds:
                        if fd > 2:
                            os.close(fd)
                    return request
                for fd in fds:
                    os.close(fd)
                pidfd = os.pidfd_open(pid)
                children[pidfd] = (conn, pid)
                clients[conn.fileno()] = pidfd
                selector.register(pidfd, selectors.EVENT_READ, "child")
                selector.register(conn, selectors.EVENT_READ, "client")
            elif key.data == "child":
                pidfd = key.fd
                conn, pid = children.pop(pidfd)
                _, status = os.waitpid(pid, 0)
                selector.unregister(pidfd)
                os.close(pidfd)
                selector.unregister(conn)
                clients.pop(conn.fileno())
                try:
                    conn.sendall(HEADER.pack(status))
                except OSError:
                    pass
                conn.close()
            elif key.data == "client":
                # The client went away before its child ended (compare.py's timeout killed it).
                conn = key.fileobj
                pidfd = clients[conn.fileno()]
                os.kill(children[pidfd][1], signal.SIGKILL)
                selector.unregister(conn)  # the child's exit closes the books


if __name__ == "__main__":
    socket_path, reference_script = sys.argv[1], os.path.abspath(sys.argv[2])
    script_dir = os.path.dirname(reference_script)
    sys.path[0] = script_dir  # as when the console script runs
    for name in _modules_to_preload(sys.executable, script_dir):
        try:
            importlib.import_module(name)
        except Exception:  # a module that imports only in its parent's context: the child loads it
            pass
    job = serve(socket_path, reference_script)
    os.chdir(job["cwd"])
    os.environ.clear()
    os.environ.update(job["env"])
    sys.argv = [reference_script, *job["argv"]]
    del job
    # What the reference's console script (bin/resoio) runs.
    from resoio.cli import main

    sys.exit(main())
