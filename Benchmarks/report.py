#!/usr/bin/env python3
"""Prints issue 5's table (unary) and issue 10's (camera stream) from the lines run.sh collected.

Input: lines `ROUND <r> RESULT key=value ...` and `ROUND <r> INFO key=value ...` (plus `#`
comments, passed through as the header). For each (client, server, measure, in_flight) a
figure is the median over rounds of that round's value. For each target the ratio is computed
within each round (both sides measured minutes apart at most, interleaved) and the median of
those per-round ratios is reported; PASS/MISS compares that median ratio to the target. The
"min–max over rounds" columns give the least and largest per-round value: the noise.

Camera-stream lines (`stream-frames`, `raw-frames client`) have no `measure=` key: a line with
`frames_per_s` is measure "stream", one with `slow_age_ms_p50` is measure "slow"; they are kept
per frame size (run.sh measures 1920x1080 and 3840x2160), and `resoio-camera-api` (issue 12:
the same measurement through the public Camera API) is compared with the others at each size.
`mic-jitter` lines (`jitter_ms_p50`) are measure "pacing": one line of figures.
A pair `resoio-base → nghttp2-base` (run.sh's BASE=) adds an A/B table: this build against the
base build, per-round ratios.
"""
import math
import statistics
import sys
from collections import defaultdict

OURS = "resoio-swift"
GRPC = "grpc-swift-2"
RAW = "raw-c"
CAM = "resoio-camera-api"
MIC = "resoio-mic-pacing"
SERVERS = ["nghttp2", "grpc-swift-2"]
RAW_HANDOFF = "raw-c-handoff"
BASE = "resoio-base"
BASE_SERVER = "nghttp2-base"
PAIRS = [(RAW, RAW), (RAW_HANDOFF, RAW), (OURS, "nghttp2"), (OURS, GRPC), (GRPC, GRPC), (GRPC, "nghttp2")]


def parse(path):
    header, failed = [], []
    # values[(name, server, measure, in_flight, size)][key][round] = float; size = "WxH" for the
    # camera-stream lines, None for the others.
    values = defaultdict(lambda: defaultdict(dict))
    for line in open(path):
        line = line.rstrip("\n")
        if line.startswith("#"):
            header.append(line)
            continue
        if line.startswith("FAILED"):
            failed.append(line)
            continue
        parts = line.split()
        if len(parts) < 3 or parts[0] != "ROUND":
            continue
        rnd = int(parts[1])
        fields = dict(p.split("=", 1) for p in parts[3:] if "=" in p)
        measure = fields.get("measure")
        if measure is None:
            measure = ("slow" if "slow_age_ms_p50" in fields else "stream" if "frames_per_s" in fields
                       else "pacing" if "jitter_ms_p50" in fields else None)
        size = f"{fields.get('width')}x{fields.get('height')}" if measure in ("stream", "slow") else None
        key = (fields.get("name"), fields.get("server"), measure, int(fields.get("in_flight", "1")), size)
        for k, v in fields.items():
            try:
                f = float(v)
            except ValueError:
                continue
            if not math.isnan(f):
                values[key][k][rnd] = f
    return header, failed, values


class Spread(float):
    """A median over rounds that remembers the rounds' least and largest values (the noise)."""

    def __new__(cls, xs):
        xs = [x for x in xs if x is not None and not math.isnan(x)]
        value = super().__new__(cls, statistics.median(xs) if xs else float("nan"))
        value.lo = min(xs) if xs else float("nan")
        value.hi = max(xs) if xs else float("nan")
        return value


def median(xs):
    return Spread(xs)


def spread(x, digits, unit=""):
    """The min–max over rounds of a median() or ratio(), for the noise column."""
    lo, hi = getattr(x, "lo", float("nan")), getattr(x, "hi", float("nan"))
    if math.isnan(lo) or math.isnan(hi):
        return "—"
    return f"{fmt(lo, digits)}–{fmt(hi, digits)}{unit}"


class Data:
    def __init__(self, values):
        self.values = values

    def per_round(self, name, server, measure, key, in_flight=None, size=None):
        if in_flight is None:
            in_flight = 64 if measure == "concurrency" else 1
        return self.values.get((name, server, measure, in_flight, size), {}).get(key, {})

    def get(self, name, server, measure, key, in_flight=None, size=None):
        return median(self.per_round(name, server, measure, key, in_flight, size).values())

    def sizes(self, measure):
        """The frame sizes of the camera-stream lines of `measure`, smallest first."""
        found = {k[4] for k in self.values if k[2] == measure and k[4]}
        return sorted(found, key=lambda s: [int(x) if x.isdigit() else 0 for x in s.split("x")])

    def ratio(self, a, b):
        """Median over rounds of a[r] / b[r]; a and b are per-round dicts."""
        rounds = sorted(set(a) & set(b))
        return median([a[r] / b[r] for r in rounds if b[r] != 0])


def fmt(x, digits=0, unit=""):
    if x is None or math.isnan(x):
        return "—"
    if digits == 0:
        return f"{x:,.0f}{unit}"
    return f"{x:,.{digits}f}{unit}"


def table(rows):
    widths = [max(len(str(r[i])) for r in rows) for i in range(len(rows[0]))]
    out = []
    for j, r in enumerate(rows):
        out.append("| " + " | ".join(str(c).ljust(widths[i]) for i, c in enumerate(r)) + " |")
        if j == 0:
            out.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(out)


def slow_size(d):
    """The slow consumer's frame size (run.sh: CAMERA_SIZE), or None."""
    sizes = d.sizes("slow")
    return sizes[-1] if sizes else None


def stream_frame_mb(d):
    """Pixel bytes of one frame of the slow-consumer measurement, in 10^6 B."""
    size = slow_size(d)
    if size is None:
        return float("nan")
    w, h = (int(x) for x in size.split("x"))
    return w * h * 4 / 1e6


def slow_ms(d):
    for name in [OURS, GRPC]:
        ms = d.get(name, "nghttp2", "slow", "slow_consumer_ms", size=slow_size(d))
        if not math.isnan(ms):
            return ms
    return float("nan")


def print_stream_tables(d, size):
    print(f"Camera stream, {size} RGBA frames, unpaced: frames/s over the counted seconds after 1 s of")
    print("warm-up; MB/s = pixel bytes in 10^6 B/s; CPU per frame = the client process's user+system")
    print("(getrusage), server's from /proc; peak RSS = the client's VmHWM. Servers: our test server's")
    print("Camera/StreamFrames (resoio-test-server --camera-size), and raw-frames (C, no HTTP/2).")
    print(f"{CAM}: our client through the public Camera API (mod.camera.frames, CameraFrame, one byte")
    print("per row read); resoio-swift: GRPCChannel.serverStreaming with a hand-parsing codec.")
    print()
    rows = [["client → server", "frames/s", "MB/s", "client CPU per frame", "server CPU per frame", "client peak RSS"]]
    for name, server, label in [(RAW, RAW, "raw C socket, no HTTP/2 (the floor)"), (OURS, "nghttp2", None),
                                (CAM, "nghttp2", None), (GRPC, "nghttp2", None)]:
        if name == CAM and not d.per_round(name, server, "stream", "frames_per_s", size=size):
            continue
        rows.append([
            label or f"{name} → {server}",
            fmt(d.get(name, server, "stream", "frames_per_s", size=size), 1),
            fmt(d.get(name, server, "stream", "mb_per_s", size=size)),
            fmt(d.get(name, server, "stream", "cpu_ms_per_frame", size=size), 2, " ms"),
            fmt(d.get(name, server, "stream", "server_cpu_ms_per_frame", size=size), 2, " ms"),
            fmt(d.get(name, server, "stream", "rss_peak_mb", size=size), 1, " MB"),
        ])
    print(table(rows))
    print()
    cam = d.per_round(CAM, "nghttp2", "stream", "frames_per_s", size=size)
    if cam:
        ratios = [(other, d.ratio(cam, d.per_round(other, server, "stream", "frames_per_s", size=size)))
                  for other, server in [(RAW, RAW), (OURS, "nghttp2"), (GRPC, "nghttp2")]]
        print(f"{size} camera API frames/s, median of per-round ratios: " +
              ", ".join(f"/ {other} {fmt(r, 3, '×')}" for other, r in ratios))
        print()
    ms = slow_ms(d)
    if size == slow_size(d) and not math.isnan(ms):
        print(f"Slow consumer: sleeps {ms:.0f} ms after taking each frame. Age = now − the frame's unix_nanos")
        print("when the consumer takes it.")
        print()
        rows = [["client → server", "frames taken/s", "frame age p50", "frame age p99", "client peak RSS"]]
        for name in [OURS, GRPC]:
            frames = d.get(name, "nghttp2", "slow", "frames", size=size)
            seconds = d.get(name, "nghttp2", "slow", "seconds", size=size)
            rows.append([
                f"{name} → nghttp2",
                fmt(frames / seconds if seconds else float("nan"), 1),
                fmt(d.get(name, "nghttp2", "slow", "slow_age_ms_p50", size=size), 1, " ms"),
                fmt(d.get(name, "nghttp2", "slow", "slow_age_ms_p99", size=size), 1, " ms"),
                fmt(d.get(name, "nghttp2", "slow", "slow_rss_peak_mb", size=size), 1, " MB"),
            ])
        print(table(rows))
        print()


def print_pacing(d):
    p = lambda key: d.get(MIC, None, "pacing", key)
    print(f"Microphone pacing ({MIC}: mic-jitter, 1024-sample 48 kHz chunks through sendPaced against the")
    print(f"test server, {fmt(p('chunks'))} chunks in {fmt(p('seconds'), 1)} s; jitter = send time − ideal time; drift =")
    print("the least-squares trend of the jitter, end − start; median over rounds):")
    print(f"drift {fmt(p('drift_ms'), 3, ' ms')}, jitter p50 {fmt(p('jitter_ms_p50'), 3, ' ms')}, "
          f"p99 {fmt(p('jitter_ms_p99'), 3, ' ms')}, max late {fmt(p('max_late_ms'), 3, ' ms')}")
    print()


def print_ab_table(d, levels):
    print("A/B: this build (resoio-swift → nghttp2) against the base build (resoio-base → nghttp2-base),")
    print("measured in the same rounds; ratio = median over rounds of this/base.")
    print()
    rows = [["figure", "base", "this build", "this / base", "min–max over rounds"]]
    figures = [
        ("RTT p50", "rtt", "rtt_p50_us", None, 1, " µs"),
        ("RTT p99", "rtt", "rtt_p99_us", None, 1, " µs"),
        ("client CPU per sequential call", "rtt", "rtt_cpu_us", None, 1, " µs"),
        ("calls/s, 64 in flight", "concurrency", "calls_per_s", None, 0, ""),
        ("client CPU per call, 64 in flight", "concurrency", "cpu_us_per_call", None, 1, " µs"),
        ("8 MiB echo MB/s", "bulk", "mb_per_s", None, 0, ""),
        ("new connection + one Ping", "cold", "cold_ms", None, 3, " ms"),
    ]
    for n in levels:
        figures.append((f"calls/s, scaling {n} in flight", "scaling", "calls_per_s", n, 0, ""))
    for text, measure, key, n, digits, unit in figures:
        base = d.per_round(BASE, BASE_SERVER, measure, key, n)
        ours = d.per_round(OURS, "nghttp2", measure, key, n)
        r = d.ratio(ours, base)
        rows.append([text, fmt(median(base.values()), digits, unit), fmt(median(ours.values()), digits, unit),
                     fmt(r, 3, "×"), spread(r, 3, "×")])
    print(table(rows))
    print()


def main():
    header, failed, values = parse(sys.argv[1])
    d = Data(values)
    for h in header:
        print(h)
    print()
    unary = any(k[2] in ("rtt", "concurrency", "bulk", "cold", "scaling") for k in values)
    levels = sorted({k[3] for k in values if k[2] == "scaling"})
    if unary:
        print("Figures: median over rounds. RTT = sequential unary Ping on one connection; CPU = client")
        print("user+system per sequential call (getrusage); echo = (request + response bytes) / median")
        print("time of an 8 MiB echo; cold = new connection + first Ping (median).")
        print()
        rows = [[
            "client → server", "RTT p50", "RTT p99", "client CPU per call", "ctx switches per call",
            "calls/s, 64 in flight", "8 MiB echo", "new connection + one Ping",
        ]]
        for name, server in PAIRS:
            label = f"{name} → {server}"
            if name == RAW:
                label = "raw C ping-pong, no HTTP/2 (the floor)"
            if name == RAW_HANDOFF:
                label = "raw C, reply handed over by a reader thread"
            ctx = d.get(name, server, "rtt", "ctx_switches_per_call")
            rows.append([
                label,
                fmt(d.get(name, server, "rtt", "rtt_p50_us"), 1, " µs"),
                fmt(d.get(name, server, "rtt", "rtt_p99_us"), 1, " µs"),
                fmt(d.get(name, server, "rtt", "rtt_cpu_us"), 1, " µs"),
                fmt(ctx, 2),
                fmt(d.get(name, server, "concurrency", "calls_per_s")),
                fmt(d.get(name, server, "bulk", "mb_per_s") / 1000, 2, " GB/s"),
                fmt(d.get(name, server, "cold", "cold_ms"), 3, " ms"),
            ])
        print(table(rows))
        print()

        # Scaling.
        levels = sorted({k[3] for k in values if k[2] == "scaling"})
        if levels:
            print("Scaling on one connection (servers advertise MAX_CONCURRENT_STREAMS 100): calls/s, p99")
            print()
            rows = [["client → server"] + [f"{n} in flight" for n in levels]]
            for name, server in PAIRS:
                if server == RAW:
                    continue
                row = [f"{name} → {server}"]
                for n in levels:
                    cps = d.get(name, server, "scaling", "calls_per_s", n)
                    p99 = d.get(name, server, "scaling", "rtt_p99_us", n)
                    row.append(f"{fmt(cps)}/s, p99 {fmt(p99 / 1000, 2)} ms" if not math.isnan(cps) else "—")
                rows.append(row)
            print(table(rows))
            print()

        # Server load at 64 in flight.
        rows = [["client → server, 64 in flight", "client CPU per call", "server CPU per call", "server busy (cores)"]]
        for name, server in PAIRS:
            if server == RAW:
                continue
            cps = d.get(name, server, "concurrency", "calls_per_s")
            ccpu = d.get(name, server, "concurrency", "cpu_us_per_call")
            scpu = d.get(name, server, "concurrency", "server_cpu_us_per_call")
            rows.append([f"{name} → {server}", fmt(ccpu, 1, " µs"), fmt(scpu, 1, " µs"), fmt(scpu * cps / 1e6, 2)])
        print(table(rows))
        print()

    stream = any(k[2] in ("stream", "slow") for k in values)
    if stream:
        for size in d.sizes("stream") + [s for s in d.sizes("slow") if s not in d.sizes("stream")]:
            print_stream_tables(d, size)
    if any(k[2] == "pacing" for k in values):
        print_pacing(d)
    if any(k[0] == BASE for k in values):
        print_ab_table(d, levels)

    # Targets. The ones about our client alone (CPU, RTT and bandwidth against the raw floor,
    # cold start, scaling) are judged against our nghttp2 test server, the fastest server here,
    # so that the figure is the client's; against the grpc-swift-2 server they are shown for
    # reference (that server's own cost dominates them). The comparisons with the grpc-swift-2
    # client are judged against each server ("against the same server").
    results = []

    def target(text, measured, limit, ok, judged=True):
        if math.isnan(measured):
            verdict = "—"
        elif not judged:
            verdict = "(ref) " + ("pass" if ok(measured) else "miss")
        else:
            verdict = "PASS" if ok(measured) else "MISS"
        results.append([text, measured, limit, verdict])

    if unary:
        raw_rtt = d.per_round(RAW, RAW, "rtt", "rtt_p50_us")
        raw_bw = d.per_round(RAW, RAW, "bulk", "mb_per_s")
        for server in SERVERS:
            judged = server == "nghttp2"
            cpu = d.get(OURS, server, "rtt", "rtt_cpu_us")
            target(f"[{server}] our client CPU per sequential call", cpu, "≤ 25 µs", lambda x: x <= 25, judged)
            r = d.ratio(d.per_round(OURS, server, "rtt", "rtt_p50_us"), raw_rtt)
            target(f"[{server}] our RTT p50 / raw C RTT p50", r, "≤ 2.5×", lambda x: x <= 2.5, judged)
            r = d.ratio(d.per_round(OURS, server, "rtt", "rtt_p50_us"), d.per_round(GRPC, server, "rtt", "rtt_p50_us"))
            target(f"[{server}] our RTT p50 / grpc-swift-2 client's", r, "≤ 0.5×", lambda x: x <= 0.5)
            r = d.ratio(d.per_round(OURS, server, "concurrency", "calls_per_s"),
                        d.per_round(GRPC, server, "concurrency", "calls_per_s"))
            target(f"[{server}] our calls/s (64 in flight) / grpc-swift-2 client's", r, "≥ 5×", lambda x: x >= 5)
            r = d.ratio(d.per_round(OURS, server, "bulk", "mb_per_s"), raw_bw)
            target(f"[{server}] our 8 MiB echo / raw socket bandwidth", r, "≥ 0.55×", lambda x: x >= 0.55, judged)
            cold = d.get(OURS, server, "cold", "cold_ms")
            target(f"[{server}] our new connection + first Ping", cold, "≤ 0.2 ms", lambda x: x <= 0.2, judged)
            # Issue 10's unary goals: CPU per call against raw's, cold start against grpc-swift-2's.
            r = d.ratio(d.per_round(OURS, server, "rtt", "rtt_cpu_us"), d.per_round(RAW, RAW, "rtt", "rtt_cpu_us"))
            target(f"[{server}] our client CPU per sequential call / raw C's", r, "≤ 2.5×", lambda x: x <= 2.5, judged)
            r = d.ratio(d.per_round(OURS, server, "cold", "cold_ms"), d.per_round(GRPC, server, "cold", "cold_ms"))
            target(f"[{server}] our new connection + first Ping / grpc-swift-2 client's", r, "≤ 0.3×",
                   lambda x: x <= 0.3, judged)
            if levels and 64 in levels and 256 in levels:
                r = d.ratio(d.per_round(OURS, server, "scaling", "calls_per_s", 256),
                            d.per_round(OURS, server, "scaling", "calls_per_s", 64))
                target(f"[{server}] our calls/s at 256 / at 64 in flight (MAX_CONCURRENT_STREAMS 100)", r, "≥ 0.8×",
                       lambda x: x >= 0.8)
        # The nghttp2 test server keeps up: it spends less CPU per call than the client asking.
        for name in [OURS, GRPC]:
            r = d.ratio(d.per_round(name, "nghttp2", "concurrency", "server_cpu_us_per_call"),
                        d.per_round(name, "nghttp2", "concurrency", "cpu_us_per_call"))
            target(f"nghttp2 test server CPU / {name} client CPU per call, 64 in flight", r, "≤ 1×", lambda x: x <= 1)


    if stream:
        # Issue 10: our client against our test server at the camera size, side by side in one run.
        sizes = d.sizes("stream")
        for size in sizes:
            tag = "[stream]" if len(sizes) == 1 else f"[stream {size}]"
            raw = d.per_round(RAW, RAW, "stream", "frames_per_s", size=size)
            ours = d.per_round(OURS, "nghttp2", "stream", "frames_per_s", size=size)
            grpc = d.per_round(GRPC, "nghttp2", "stream", "frames_per_s", size=size)
            target(f"{tag} our frames/s / raw socket's (the same bytes)", d.ratio(ours, raw), "≥ 0.6×",
                   lambda x: x >= 0.6)
            target(f"{tag} our frames/s / grpc-swift-2 client's", d.ratio(ours, grpc), "≥ 2×", lambda x: x >= 2)
            cam = d.per_round(CAM, "nghttp2", "stream", "frames_per_s", size=size)
            if cam:
                # Issue 12: the figures hold through the public Camera API.
                target(f"{tag} Camera API frames/s / raw socket's", d.ratio(cam, raw), "≥ 0.6×", lambda x: x >= 0.6)
                target(f"{tag} Camera API frames/s / grpc-swift-2 client's", d.ratio(cam, grpc), "≥ 2×",
                       lambda x: x >= 2)
                target(f"{tag} Camera API frames/s / our raw stream-frames", d.ratio(cam, ours), "≥ 0.9×",
                       lambda x: x >= 0.9, False)
        frame_mb = stream_frame_mb(d)
        if not math.isnan(frame_mb):
            limit = 4 * frame_mb + 64
            ms = slow_ms(d)
            target(f"[slow {fmt(ms)} ms consumer] our peak RSS (4 frames of {frame_mb:.1f} MB + 64 MB)",
                   d.get(OURS, "nghttp2", "slow", "slow_rss_peak_mb", size=slow_size(d)), f"≤ {limit:.1f} MB",
                   lambda x: x <= limit)
        target(f"[slow {fmt(slow_ms(d))} ms consumer] our frame age p50",
               d.get(OURS, "nghttp2", "slow", "slow_age_ms_p50", size=slow_size(d)), "≤ 250 ms", lambda x: x <= 250)

    rows = [["target", "measured", "min–max over rounds", "required", ""]]
    for text, measured, limit, verdict in results:
        unit = "" if "×" in limit else (" µs" if "µs" in limit else " MB" if "MB" in limit else " ms")
        digits = 1 if "MB" in limit else 3 if "ms" in limit else 2
        shown = fmt(measured, digits, unit) if "×" not in limit else fmt(measured, 3, "×")
        noise = spread(measured, digits, unit) if "×" not in limit else spread(measured, 3, "×")
        rows.append([text, shown, noise, limit, verdict])
    print(table(rows))
    if failed:
        print()
        for f in failed:
            print(f)


if __name__ == "__main__":
    main()
