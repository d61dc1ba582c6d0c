"""The client of forkserver.py: stands in for the reference `resoio` executable.

    python -I -S forkclient.py SOCKET [RESOIO ARGS...]

Hands its stdin, stdout and stderr, its arguments, environment and working directory to the
fork server, waits for the forked reference to end, and ends the same way: the same exit
code, or killed by the same signal. Imports only what a bare interpreter has (-S: no site), so
it starts in a few milliseconds. Written for this repository.
"""

import json
import os
import signal
import socket
import struct
import sys

HEADER = struct.Struct("!I")

path, argv = sys.argv[1], sys.argv[2:]
request = json.dumps({"argv": argv, "env": dict(os.environ), "cwd": os.getcwd()}).encode()
conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
conn.connect(path)
socket.send_fds(conn, [HEADER.pack(len(request)) + request], [0, 1, 2])
reply = b""
while len(reply) < HEADER.size:
    more = conn.recv(HEADER.size - len(reply))
    if not more:
        sys.stderr.write("forkclient: the fork server closed the connection\n")
        sys.exit(125)
    reply += more
(status,) = HEADER.unpack(reply)
if os.WIFSIGNALED(status):
    sig = os.WTERMSIG(status)
    signal.signal(sig, signal.SIG_DFL)
    os.kill(os.getpid(), sig)
sys.exit(os.waitstatus_to_exitcode(status))
