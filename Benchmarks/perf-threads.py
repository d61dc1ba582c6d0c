#!/usr/bin/env python3
"""Splits a `perf script -F tid,ip,sym` dump (recorded with call graphs) by thread and by what
each sample was doing: user space, or the system call it was inside (futex, poll, sendto,
recvfrom, ...), or kernel work outside a system call (interrupts, preemption).

Usage: perf-threads.py SCRIPT_DUMP [THREAD_NAMES_FILE]
THREAD_NAMES_FILE: lines `tid role` (optional) to label the threads.
"""
import collections
import sys

names = {}
if len(sys.argv) > 2:
    for line in open(sys.argv[2]):
        parts = line.split(None, 1)
        if len(parts) == 2:
            names[parts[0]] = parts[1].strip()

total = 0
by_thread = collections.Counter()
by_kind = collections.Counter()
by_both = collections.Counter()
futex_users = collections.Counter()
cur, stack = None, []


def flush():
    global total
    if cur is None:
        return
    total += 1
    top = stack[0][0] if stack else "0"
    calls = [s for a, s in stack if s.startswith("__x64_sys_")]
    if not top.startswith("ffffffff"):
        kind = "user space"
    elif calls:
        kind = calls[0].replace("__x64_sys_", "syscall ")
    else:
        kind = "kernel, outside a syscall"
    by_thread[cur] += 1
    by_kind[kind] += 1
    by_both[(cur, kind)] += 1
    if kind == "syscall futex":
        syms = [s for a, s in stack]
        op = "wait" if any(s.startswith("futex_wait") for s in syms) else "wake"
        user = [s for a, s in stack if not a.startswith("ffffffff") and s != "[unknown]"]
        futex_users[(op, " < ".join(user[:3]))] += 1


for line in open(sys.argv[1], errors="replace"):
    line = line.rstrip("\n")
    if not line.strip():
        flush()
        cur, stack = None, []
        continue
    if not line.startswith("\t"):
        flush()
        cur, stack = line.split()[-1], []
        continue
    parts = line.strip().split(None, 1)
    stack.append((parts[0], parts[1] if len(parts) > 1 else "?"))
flush()

if total == 0:
    sys.exit("no samples")
print(f"{total} samples")
print("\nby thread:")
for tid, n in by_thread.most_common(8):
    print(f"  {100 * n / total:5.1f}%  tid {tid} {names.get(tid, '')}")
print("\nby activity:")
for kind, n in by_kind.most_common(10):
    print(f"  {100 * n / total:5.1f}%  {kind}")
print("\nby thread and activity:")
for (tid, kind), n in by_both.most_common(14):
    print(f"  {100 * n / total:5.1f}%  tid {tid} {names.get(tid, '')}: {kind}")
print("\nfutex calls (wait = a thread going to sleep and being woken; wake = waking another):")
for (op, where), n in futex_users.most_common(8):
    print(f"  {100 * n / total:5.1f}%  {op}: {where[:150]}")
